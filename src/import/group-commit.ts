/**
 * Group commit: what callers hand in while the previous round trip is on its way goes in the next one,
 * up to `limit` by weight (one each unless told), so a burst of work costs a few round trips instead of
 * one each. A refused round trip refuses each of its items.
 */
export class GroupCommit<Item, Result> {
  private readonly waiting: { item: Item; resolve(result: Result): void; reject(error: unknown): void }[] = [];
  private running = false;

  constructor(
    private readonly commit: (items: Item[]) => Promise<Result[]>,
    private readonly limit: number,
    private readonly weight: (item: Item) => number = () => 1,
  ) {}

  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    // What the other cases hand in during this turn of the event loop joins the first round trip.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) {
      let weight = this.weight(this.waiting[0]!.item);
      let count = 1;
      while (count < this.waiting.length && weight + this.weight(this.waiting[count]!.item) <= this.limit)
        weight += this.weight(this.waiting[count++]!.item);
      const batch = this.waiting.splice(0, count);
      try {
        const results = await this.commit(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index]!));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    // Set back in the same turn as the last check of `waiting`: an item added later starts a new drain.
    this.running = false;
  }
}
