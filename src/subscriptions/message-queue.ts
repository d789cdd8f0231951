type Pull<T> = { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void };

/**
 * One subscription's messages, as graphql-ws pulls them. Steps run one after another, each awaited
 * before the next starts, so what they make leaves in the order the steps were queued however long
 * each one's reads take. A failed step ends the subscription with its error rather than leaving a
 * gap: the client subscribes again with afterPosition. Closing (the client stops, or a failure)
 * runs `onClose` at once, even while a step is waiting, so nothing keeps listening for a client gone.
 */
export class MessageQueue<T> implements AsyncIterableIterator<T> {
  private readonly ready: T[] = [];
  private readonly pulls: Pull<T>[] = [];
  private steps: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  /** Queues `step` after every earlier one; the messages it returns are sent in their order. */
  run(step: () => Promise<T[]>): void {
    this.steps = this.steps.then(async () => {
      if (this.closed) return;
      try {
        for (const message of await step()) this.push(message);
      } catch (error) {
        this.fail(error);
      }
    });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.ready.length > 0) return Promise.resolve({ value: this.ready.shift()!, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.pulls.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.ready.length = 0;
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private push(message: T): void {
    if (this.closed) return;
    const pull = this.pulls.shift();
    if (pull) pull.resolve({ value: message, done: false });
    else this.ready.push(message);
  }

  /** Messages made before the failure still leave first (a waiting pull means none are left). */
  private fail(error: unknown): void {
    const pull = this.pulls.shift();
    if (pull) pull.reject(error);
    else this.failure = { error };
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    for (const pull of this.pulls.splice(0)) pull.resolve({ value: undefined, done: true });
  }
}
