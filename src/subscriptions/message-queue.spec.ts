import { describe, expect, it } from '@jest/globals';
import { MessageQueue } from './message-queue.js';

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('MessageQueue', () => {
  it('sends what its steps make in the order they were queued, however long each takes', async () => {
    const queue = new MessageQueue<number>(() => undefined);
    queue.run(() => after(30, [1, 2]));
    queue.run(() => after(0, [3]));
    queue.run(() => after(10, [4]));
    const got = [];
    for (let i = 0; i < 4; i++) got.push((await queue.next()).value);
    expect(got).toEqual([1, 2, 3, 4]);
  });

  it('ends with the error of a failed step, after the messages made before it, and runs no later step', async () => {
    let closed = 0;
    const queue = new MessageQueue<number>(() => closed++);
    let later = false;
    queue.run(() => after(0, [1]));
    queue.run(() => Promise.reject(new Error('store unreachable')));
    queue.run(async () => {
      later = true;
      return [2];
    });
    expect(await queue.next()).toEqual({ value: 1, done: false });
    await expect(queue.next()).rejects.toThrow('store unreachable');
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect([later, closed]).toEqual([false, 1]);
  });

  it('stops listening as soon as the client leaves, even while a step is still reading', async () => {
    let closed = 0;
    const queue = new MessageQueue<number>(() => closed++);
    queue.run(() => after(50, [1]));
    const pending = queue.next();
    await queue.return();
    expect(closed).toBe(1);
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
