import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DuplicateEventIdError,
  InvalidEventError,
  UnknownPositionError,
  WrongExpectedVersionError,
} from '../../src/event-store/errors.js';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/event-store/event-store.port.js';

/** What a contract run needs from an adapter besides the port itself. */
export interface EventStoreHarness {
  store: EventStore;
  /** Rewrites a stored event's data behind the store's back, as a superuser would. */
  tamperData(streamId: string, version: number, data: object): Promise<void>;
  /** Deletes a stored event behind the store's back. */
  deleteEvent(streamId: string, version: number): Promise<void>;
  /**
   * Appends inside a transaction that stays open until commit() is called, or null where the
   * database runs one transaction at a time (then no position can commit out of order).
   */
  appendInOpenTransaction: ((streamId: string, events: NewEvent[]) => Promise<{ commit(): Promise<void> }>) | null;
  close(): Promise<void>;
}

const metadata = {
  correlationId: 'corr-1',
  actor: { id: 'user-1', role: 'REPORTER' },
  occurredAt: '2026-11-23T08:00:00.000Z',
  channel: 'WEB',
};

export function event(type = 'TestHappened', data: Record<string, unknown> = { n: 1 }): NewEvent {
  return { eventId: randomUUID(), type, schemaVersion: 1, data, metadata };
}

const stream = (category = 'test') => `${category}-${randomUUID()}`;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/** Follows readAll from the start until `done()` says writing is over and a last read is empty. */
async function follow(store: EventStore, done: () => boolean, batch = 50): Promise<RecordedEvent[]> {
  const seen: RecordedEvent[] = [];
  let after = 0n;
  for (;;) {
    const finished = done();
    const page = await store.readAll({ after, limit: batch });
    seen.push(...page.events);
    after = page.position;
    if (page.events.length === 0) {
      if (finished) return seen;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

/** concurrentTransactions: positions can commit out of order; tampering: the harness can change or delete a stored event behind the store. */
export function eventStoreContract(
  adapter: string,
  capabilities: { concurrentTransactions: boolean; tampering: boolean },
  open: () => Promise<EventStoreHarness>,
): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let harness: EventStoreHarness;
    let store: EventStore;
    beforeAll(async () => {
      harness = await open();
      store = harness.store;
    });
    afterAll(async () => harness?.close());

    describe('appendToStream and readStream', () => {
      it('stores events with versions, positions, time and hash, and reads them back as written', async () => {
        const id = stream('report');
        const events = [
          event('ReportSubmitted', { title: 'Jalan rusak', tags: ['jalan'], nested: { b: 2, a: 1 } }),
          event('ReportVerified', {}),
        ];
        const before = Date.now();
        const result = await store.appendToStream(id, 'no_stream', events, { metadata: { correlationId: 'cmd-7' } });
        expect(result).toMatchObject({ streamId: id, nextExpectedVersion: 2, duplicate: false });
        expect(result.events.map((e) => e.streamVersion)).toEqual([1, 2]);
        expect(result.events[1]!.globalPosition).toBeGreaterThan(result.events[0]!.globalPosition);
        expect(result.lastGlobalPosition).toBe(result.events[1]!.globalPosition);

        const read = await store.readStream(id);
        expect(read.map((e) => [e.eventId, e.type, e.streamVersion, e.globalPosition])).toEqual(
          events.map((e, i) => [e.eventId, e.type, i + 1, result.events[i]!.globalPosition]),
        );
        expect(read[0]!.data).toEqual({ title: 'Jalan rusak', tags: ['jalan'], nested: { a: 1, b: 2 } });
        expect(read[0]!.metadata).toEqual({ ...metadata, correlationId: 'corr-1' });
        expect(read[0]!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
        expect(read[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(read[1]!.hash).not.toBe(read[0]!.hash);
      });

      it('takes shared metadata from the options when an event has none of its own', async () => {
        const id = stream();
        const { metadata: _, ...bare } = event();
        await store.appendToStream(id, 'any', [bare], { metadata });
        expect((await store.readStream(id))[0]!.metadata).toEqual(metadata);
      });

      it('starts many new streams at once, each chained as if appended alone, and refuses a stream that exists', async () => {
        const [a, b] = [stream(), stream()];
        await store.appendToNewStreams([
          { streamId: a, events: [event(), event()] },
          { streamId: b, events: [event()] },
        ]);
        expect((await store.readStream(a)).map((e) => e.streamVersion)).toEqual([1, 2]);
        expect(await store.verifyStream(a)).toEqual({ ok: true, streamId: a, version: 2 });
        expect(await store.verifyStream(b)).toEqual({ ok: true, streamId: b, version: 1 });
        expect(await store.appendToStream(b, 1, [event()])).toMatchObject({ nextExpectedVersion: 2 });
        const refused = await rejection(store.appendToNewStreams([{ streamId: a, events: [event()] }]));
        expect(refused).toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.readStream(a)).toHaveLength(2);
      });

      it('appends at a numeric expected version and with any', async () => {
        const id = stream();
        await store.appendToStream(id, 0, [event()]);
        await store.appendToStream(id, 1, [event(), event()]);
        const result = await store.appendToStream(id, 'any', [event()]);
        expect(result.nextExpectedVersion).toBe(4);
        expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
      });

      it('reads a range of versions', async () => {
        const id = stream();
        await store.appendToStream(id, 'no_stream', [event(), event(), event(), event()]);
        expect((await store.readStream(id, { fromVersion: 2, toVersion: 3 })).map((e) => e.streamVersion)).toEqual([
          2, 3,
        ]);
        expect((await store.readStream(id, { fromVersion: 4 })).map((e) => e.streamVersion)).toEqual([4]);
        expect(await store.readStream(stream())).toEqual([]);
      });
    });

    describe('expected version', () => {
      it('refuses a mismatch with a typed error carrying the expected and the actual version', async () => {
        const id = stream();
        const missing = (await rejection(store.appendToStream(id, 3, [event()]))) as WrongExpectedVersionError;
        expect(missing).toBeInstanceOf(WrongExpectedVersionError);
        expect(missing).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: id, expected: 3, actual: 0 });

        await store.appendToStream(id, 'no_stream', [event(), event()]);
        expect(await rejection(store.appendToStream(id, 'no_stream', [event()]))).toMatchObject({
          expected: 'no_stream',
          actual: 2,
        });
        expect(await rejection(store.appendToStream(id, 1, [event()]))).toMatchObject({ expected: 1, actual: 2 });
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('lets exactly one of many concurrent appends at the same expected version win', async () => {
        const id = stream();
        await store.appendToStream(id, 'no_stream', [event()]);
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, () => store.appendToStream(id, 1, [event()])),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(9);
        for (const { reason } of lost)
          expect(reason).toMatchObject({ code: 'CONCURRENCY_CONFLICT', expected: 1, actual: 2 });
        expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2]);
      });

      it('serialises concurrent appends with any into consecutive versions', async () => {
        const id = stream();
        const results = await Promise.all(Array.from({ length: 12 }, () => store.appendToStream(id, 'any', [event()])));
        expect(results.map((r) => r.nextExpectedVersion).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 12 }, (_, i) => i + 1),
        );
        expect(await store.readStream(id)).toHaveLength(12);
      });
    });

    describe('idempotent appends', () => {
      it('returns the original result for a retried append and stores nothing new', async () => {
        const id = stream();
        const events = [event(), event()];
        const first = await store.appendToStream(id, 'no_stream', events);
        await store.appendToStream(id, 2, [event()]);
        const retry = await store.appendToStream(id, 'no_stream', events);
        expect(retry.duplicate).toBe(true);
        expect(retry.events).toEqual(first.events);
        expect(retry.nextExpectedVersion).toBe(2);
        expect(await store.readStream(id)).toHaveLength(3);
      });

      it('stores an event once when the same append is retried concurrently', async () => {
        const id = stream();
        const events = [event()];
        const results = await Promise.all(Array.from({ length: 8 }, () => store.appendToStream(id, 'any', events)));
        expect(new Set(results.map((r) => r.lastGlobalPosition)).size).toBe(1);
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        expect(await store.readStream(id)).toHaveLength(1);
      });

      it('refuses an event id stored in another stream, with other content, or in part', async () => {
        const a = stream();
        const stored = event();
        const other = event();
        await store.appendToStream(a, 'no_stream', [stored]);
        const b = stream();
        expect(await rejection(store.appendToStream(b, 'any', [stored]))).toBeInstanceOf(DuplicateEventIdError);
        expect(await rejection(store.appendToStream(a, 'any', [{ ...stored, data: { n: 2 } }]))).toMatchObject({
          code: 'DUPLICATE_EVENT_ID',
        });
        expect(await rejection(store.appendToStream(a, 'any', [stored, other]))).toMatchObject({
          code: 'DUPLICATE_EVENT_ID',
        });
        expect(await store.readStream(b)).toEqual([]);
        expect(await store.readStream(a)).toHaveLength(1);
      });
    });

    describe('bad input', () => {
      it.each([
        ['a stream id without a category', 'nocategory', [event()]],
        ['a stream id with spaces', 'report-a b', [event()]],
        ['no events', `test-${randomUUID()}`, []],
        ['an event id that is not a uuid', `test-${randomUUID()}`, [{ ...event(), eventId: '42' }]],
        ['the same event id twice', `test-${randomUUID()}`, ((e) => [e, e])(event())],
        ['a lower-case event type', `test-${randomUUID()}`, [{ ...event(), type: 'happened' }]],
        [
          'metadata without an actor',
          `test-${randomUUID()}`,
          [{ ...event(), metadata: { ...metadata, actor: undefined } }],
        ],
        [
          'an occurredAt that is no date',
          `test-${randomUUID()}`,
          [{ ...event(), metadata: { ...metadata, occurredAt: 'yesterday' } }],
        ],
        ['a NUL character in the data', `test-${randomUUID()}`, [event('TestHappened', { text: 'a\u0000b' })]],
        ['a lone surrogate in the data', `test-${randomUUID()}`, [event('TestHappened', { text: 'a\ud800b' })]],
        ['a number that JSON cannot hold', `test-${randomUUID()}`, [event('TestHappened', { n: Number.NaN })]],
      ])('refuses %s with INVALID_EVENT and stores nothing', async (_, id, events) => {
        const before = await store.readAll({ limit: 10_000 });
        const error = await rejection(store.appendToStream(id as string, 'any', events as NewEvent[]));
        expect(error).toBeInstanceOf(InvalidEventError);
        expect(error).toMatchObject({ code: 'INVALID_EVENT' });
        expect((await store.readAll({ after: before.position })).events).toEqual([]);
      });

      it('refuses an expected version that is neither a count nor a keyword', async () => {
        expect(await rejection(store.appendToStream(stream(), -1, [event()]))).toMatchObject({ code: 'INVALID_EVENT' });
      });
    });

    describe('readAll', () => {
      it('pages through every event in a stable order, filtered by type and category', async () => {
        const start = (await store.readAll({ limit: 10_000 })).position;
        const a = stream('alpha');
        const b = stream('beta');
        await store.appendToStream(a, 'no_stream', [event('First'), event('Second')]);
        await store.appendToStream(b, 'no_stream', [event('First')]);
        await store.appendToStream(a, 2, [event('Third')]);

        const all = await store.readAll({ after: start });
        expect(all.events.map((e) => [e.streamId, e.type])).toEqual([
          [a, 'First'],
          [a, 'Second'],
          [b, 'First'],
          [a, 'Third'],
        ]);
        expect(all.position).toBe(all.events[3]!.globalPosition);
        expect((await store.readAll({ after: start })).events).toEqual(all.events);

        const page1 = await store.readAll({ after: start, limit: 3 });
        const page2 = await store.readAll({ after: page1.position, limit: 3 });
        expect([...page1.events, ...page2.events].map((e) => e.eventId)).toEqual(all.events.map((e) => e.eventId));
        expect(page2.position).toBe(all.position);
        expect((await store.readAll({ after: all.position })).events).toEqual([]);
        expect((await store.readAll({ after: all.position })).position).toBe(all.position);

        expect((await store.readAll({ after: start, types: ['First'] })).events.map((e) => e.streamId)).toEqual([a, b]);
        expect((await store.readAll({ after: start, categories: ['beta'] })).events.map((e) => e.type)).toEqual([
          'First',
        ]);
      });

      it('refuses a position no event has', async () => {
        const head = (await store.readAll({ limit: 10_000 })).position;
        expect(await rejection(store.readAll({ after: head + 1_000_000n }))).toBeInstanceOf(UnknownPositionError);
      });

      it('shows a follower every committed event exactly once while many writers append', async () => {
        const start = (await store.readAll({ limit: 10_000 })).position;
        const acknowledged: string[] = [];
        let writing = true;
        const follower = (async () => {
          const seen: RecordedEvent[] = [];
          let after = start;
          // A transaction elsewhere on the server (another database's) holds readAll back until it
          // ends: the follower stops when it has caught up with every acknowledged event, or after 60 s.
          const deadline = Date.now() + 60_000;
          for (;;) {
            const finished = !writing;
            const page = await store.readAll({ after, limit: 25 });
            seen.push(...page.events);
            after = page.position;
            const caughtUp = finished && seen.length >= acknowledged.length;
            if (page.events.length === 0 && (caughtUp || Date.now() > deadline)) return seen;
            if (page.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
          }
        })();
        const streams = Array.from({ length: 16 }, () => stream('load'));
        await Promise.all(
          Array.from({ length: 8 }, async (_, writer) => {
            for (let i = 0; i < 40; i++) {
              const events = Array.from({ length: 1 + ((writer + i) % 3) }, () => event());
              const result = await store.appendToStream(streams[(writer * 7 + i) % streams.length]!, 'any', events);
              acknowledged.push(...result.events.map((e) => e.eventId));
            }
          }),
        );
        writing = false;
        const seen = await follower;
        const ids = seen.map((e) => e.eventId);
        expect(ids.length).toBe(new Set(ids).size);
        expect(new Set(ids)).toEqual(new Set(acknowledged));
        for (const id of streams) {
          const versions = seen.filter((e) => e.streamId === id).map((e) => e.streamVersion);
          expect(versions).toEqual(versions.map((_, i) => i + 1));
        }
        const again = await follow(store, () => true, 1000);
        const mine = new Set(ids);
        expect(again.filter((e) => mine.has(e.eventId)).map((e) => e.eventId)).toEqual(ids);
      });

      // A database that runs one transaction at a time (the embedded PGlite) cannot hold one open
      // while another commits, so positions cannot commit out of order there and this is skipped.
      (capabilities.concurrentTransactions ? it : it.skip)(
        'does not let a follower pass an event whose transaction commits after a later position',
        async () => {
          const start = (await store.readAll({ limit: 10_000 })).position;
          const slow = event('Slow');
          const open = await harness.appendInOpenTransaction!(stream(), [slow]);
          const fast = event('Fast');
          await store.appendToStream(stream(), 'no_stream', [fast]);
          const firstRead = await store.readAll({ after: start });
          expect(firstRead.events.map((e) => e.eventId)).not.toContain(slow.eventId);
          await open.commit();
          const rest = await store.readAll({ after: firstRead.position });
          const seen = [...firstRead.events, ...rest.events].map((e) => e.eventId);
          expect(seen).toContain(slow.eventId);
          expect(seen).toContain(fast.eventId);
        },
      );
    });

    describe('verifyStream', () => {
      it('accepts an untouched stream', async () => {
        const id = stream();
        await store.appendToStream(id, 'no_stream', [event(), event('Other', { x: [1, 2.5, 'ü'] })]);
        await store.appendToStream(id, 2, [event()]);
        expect(await store.verifyStream(id)).toEqual({ ok: true, streamId: id, version: 3 });
      });

      // An immutable log (KurrentDB) offers no way to change or remove one event in the middle of a stream.
      (capabilities.tampering ? it : it.skip)(
        'names the first version whose content was changed behind the store',
        async () => {
          const id = stream();
          await store.appendToStream(id, 'no_stream', [event(), event(), event()]);
          await harness.tamperData(id, 2, { n: 999 });
          expect(await store.verifyStream(id)).toMatchObject({ ok: false, streamId: id, version: 2 });
        },
      );

      (capabilities.tampering ? it : it.skip)('names the version removed from the middle of a stream', async () => {
        const id = stream();
        await store.appendToStream(id, 'no_stream', [event(), event(), event()]);
        await harness.deleteEvent(id, 2);
        expect(await store.verifyStream(id)).toMatchObject({
          ok: false,
          version: 2,
          reason: expect.stringContaining('missing'),
        });
      });
    });
  });
}
