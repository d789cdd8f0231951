import { describe, expect, it } from '@jest/globals';
import { GroupCommit } from './group-commit.js';

describe('GroupCommit', () => {
  it('puts what is handed in during one turn in one round trip, up to the limit by weight', async () => {
    const rounds: number[][] = [];
    const commit = new GroupCommit(
      async (items: number[]) => {
        rounds.push(items);
        return items.map((item) => item * 10);
      },
      5,
      (item) => item,
    );
    const results = await Promise.all([1, 2, 2, 4, 1].map((item) => commit.add(item)));
    expect(results).toEqual([10, 20, 20, 40, 10]);
    expect(rounds).toEqual([
      [1, 2, 2],
      [4, 1],
    ]);
  });

  it('refuses each item of a refused round trip, and goes on with the next', async () => {
    let calls = 0;
    const commit = new GroupCommit(async (items: string[]) => {
      if (calls++ === 0) throw new Error('refused');
      return items;
    }, 1);
    const [first, second] = await Promise.allSettled([commit.add('a'), commit.add('b')]);
    expect(first).toMatchObject({ status: 'rejected', reason: new Error('refused') });
    expect(second).toEqual({ status: 'fulfilled', value: 'b' });
  });

  it('commits an item handed in just as the previous round trip ended', async () => {
    const commit = new GroupCommit(async (items: number[]) => items, 10);
    const after = await commit.add(1).then(() => commit.add(2));
    expect(after).toBe(2);
  });
});
