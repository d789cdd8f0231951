import { Injectable } from '@nestjs/common';

/**
 * Runs work for the same key one after another within this process. Commands on one stream
 * then queue instead of racing and retrying; races with other processes are still settled by
 * the event store's expected-version check.
 */
@Injectable()
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
