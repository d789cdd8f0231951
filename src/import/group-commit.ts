/**
 * Group commit: what callers hand in while the previous round trip is on its way goes in the next one,
 * at most `limit` at a time, so a burst of work costs a few round trips instead of one each. A refused
 * round trip refuses each of its items.
 */
export class GroupCommit<Item, Result> {
  private readonly waiting: { item: Item; resolve(result: Result): void; reject(error: unknown): void }[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly commit: (items: Item[]) => Promise<Result[]>,
    private readonly limit: number,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.running ??= this.drain().finally(() => (this.running = null));
    });
  }

  private async drain(): Promise<void> {
    // What the other cases hand in during this turn of the event loop joins the first round trip.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.limit);
      try {
        const results = await this.commit(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index]!));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
  }
}
