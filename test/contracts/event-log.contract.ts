import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventLog, WalkedEventRow } from '../../src/event-store/event-log.port.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { event } from './event-store.contract.js';

/** A store and its log; nothing else writes to the store while the contract runs. */
export interface EventLogHarness {
  store: EventStore;
  log: EventLog;
  close(): Promise<void>;
}

const stream = (category = 'log') => `${category}-${randomUUID()}`;

/** Waits for a log answer that other transactions on a shared server can hold back for a moment. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function walked(log: EventLog, streams: readonly string[]): Promise<WalkedEventRow[]> {
  const rows: WalkedEventRow[] = [];
  for await (const page of log.walk()) rows.push(...page.filter((row) => streams.includes(row.stream_id)));
  return rows;
}

/** Every stream's head below `frontier` as headsBelow gives them: [stream, version, hash in hex]. */
export async function headsBelow(log: EventLog, frontier: bigint): Promise<[string, number, string][]> {
  const heads: [string, number, string][] = [];
  for await (const page of log.headsBelow(frontier))
    heads.push(
      ...page.map((head): [string, number, string] => [head.stream_id, head.stream_version, head.hash.toString('hex')]),
    );
  return heads;
}

/** The same, found by walking every event: each stream's last row with a commit key below `frontier`. */
export async function headsByWalk(log: EventLog, frontier: bigint): Promise<[string, number, string][]> {
  const heads = new Map<string, [string, number, string]>();
  for await (const page of log.walk())
    for (const row of page)
      if (row.commit_key < frontier)
        heads.set(row.stream_id, [row.stream_id, row.stream_version, row.hash.toString('hex')]);
  return [...heads.values()];
}

/** The EventLog port (src/event-store/event-log.port.ts) as every adapter must answer it. */
export function eventLogContract(adapter: string, open: () => Promise<EventLogHarness>): void {
  describe(`EventLog contract: ${adapter}`, () => {
    let harness: EventLogHarness;
    let store: EventStore;
    let log: EventLog;
    beforeAll(async () => {
      harness = await open();
      ({ store, log } = harness);
    });
    afterAll(async () => harness?.close());

    it('knows its head, which positions are events, and whether a checkpoint is at or past one', async () => {
      const first = await store.appendToStream(stream(), 'no_stream', [event(), event()]);
      const second = await store.appendToStream(stream(), 'no_stream', [event()]);
      expect(
        await eventually(
          () => log.head(),
          (head) => head === second.lastGlobalPosition,
        ),
      ).toBe(second.lastGlobalPosition);
      const [a, b] = first.events.map((e) => e.globalPosition) as [bigint, bigint];
      const c = second.lastGlobalPosition;
      expect(await log.reached(b, [0n, a, b, c])).toEqual({ known: true, reached: [false, false, true, true] });
      expect(await log.reached(c + 1_000_000n, [c])).toMatchObject({ known: false, reached: [false] });
    });

    it('counts the backlog after a checkpoint and dates its oldest event', async () => {
      const id = stream();
      const appended = await store.appendToStream(id, 'no_stream', [event(), event(), event()]);
      const recorded = await store.readStream(id);
      const after = appended.events[0]!.globalPosition;
      expect(
        await eventually(
          () => log.backlog(after),
          (backlog) => backlog.events === 2,
        ),
      ).toEqual({ events: 2, oldestRecordedAt: recorded[1]!.recordedAt });
      expect(await log.backlog(appended.lastGlobalPosition)).toEqual({ events: 0, oldestRecordedAt: null });
      expect((await log.backlog(0n)).events).toBeGreaterThanOrEqual(3);
    });

    it('walks every event in (stream id, version) order as stored, with commit keys in commit order', async () => {
      const streams = [stream('walk-b'), stream('walk-a'), stream('walk-c')];
      for (const id of streams) await store.appendToStream(id, 'no_stream', [event(), event()]);
      await store.appendToStream(streams[0]!, 2, [event()]);
      const rows = await walked(log, streams);
      const sorted = [...streams].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect(rows.map((row) => [row.stream_id, row.stream_version])).toEqual(
        sorted.flatMap((id) => (id === streams[0] ? [1, 2, 3] : [1, 2]).map((v) => [id, v])),
      );
      for (const id of streams) {
        const recorded = await store.readStream(id);
        const mine = rows.filter((row) => row.stream_id === id);
        expect(mine.map((row) => [row.event_id, row.type, row.hash.toString('hex')])).toEqual(
          recorded.map((e) => [e.eventId, e.type, e.hash]),
        );
      }
      const keysOf = (id: string) => rows.filter((row) => row.stream_id === id).map((row) => row.commit_key);
      expect(keysOf(streams[1]!)[0]!).toBeGreaterThan(keysOf(streams[0]!)[1]!);
      expect(keysOf(streams[0]!)[2]!).toBeGreaterThan(keysOf(streams[2]!)[1]!);
      expect(await log.firstCommitKey(streams[1]!)).toBe(keysOf(streams[1]!)[0]);
      expect(await log.firstCommitKey(stream())).toBeNull();
    });

    it('takes a frontier above every committed event and below every later one, and finds what committed between two', async () => {
      const before = stream();
      await store.appendToStream(before, 'no_stream', [event()]);
      const [beforeRow] = await walked(log, [before]);
      const from = await eventually(
        () => log.frontier(),
        (frontier) => frontier > beforeRow!.commit_key,
      );
      expect(from).toBeGreaterThan(beforeRow!.commit_key);
      const between = stream();
      await store.appendToStream(between, 'no_stream', [event()]);
      const [betweenRow] = await walked(log, [between]);
      // Another database's transaction on a shared server can hold the frontier below it for a moment.
      const to = await eventually(
        () => log.frontier(),
        (frontier) => frontier > betweenRow!.commit_key,
      );
      expect(betweenRow!.commit_key).toBeGreaterThanOrEqual(from);
      expect(betweenRow!.commit_key).toBeLessThan(to);
      expect(await log.committedBetween(from, to, 'elsewhere')).toBe(true);
      expect(await log.committedBetween(from, to, between)).toBe(false);
      expect(await log.committedBetween(to, to + 1_000_000n, 'elsewhere')).toBe(false);
    });

    it("finds each stream's newest event below a frontier, in the walk's order, as the walk does", async () => {
      const [b, a] = [stream('heads-b'), stream('heads-a')];
      for (const id of [b, a]) await store.appendToStream(id, 'no_stream', [event(), event()]);
      const written = await walked(log, [a, b]);
      const frontier = await eventually(
        () => log.frontier(),
        (f) => written.every((row) => row.commit_key < f),
      );
      const c = stream('heads-c');
      await store.appendToStream(b, 2, [event()]);
      await store.appendToStream(c, 'no_stream', [event()]);
      const added = await walked(log, [b, c]);
      const later = await eventually(
        () => log.frontier(),
        (f) => added.every((row) => row.commit_key < f),
      );
      const mine = (heads: [string, number, string][]) =>
        heads.filter(([id]) => [a, b, c].includes(id)).map(([id, version]) => [id, version]);
      expect(mine(await headsBelow(log, frontier))).toEqual([
        [a, 2],
        [b, 2],
      ]);
      expect(mine(await headsBelow(log, later))).toEqual([
        [a, 2],
        [b, 3],
        [c, 1],
      ]);
      for (const f of [frontier, later]) expect(await headsBelow(log, f)).toEqual(await headsByWalk(log, f));
      expect(await headsBelow(log, 0n)).toEqual([]);
    });

    it('finds the streams routed to an agency by the moment the routing happened', async () => {
      const [agency, other] = [`agency-${randomUUID()}`, `agency-${randomUUID()}`];
      // A minute before the moment the contract's events say they happened (their metadata's occurredAt).
      const before = new Date(Date.parse('2026-11-23T07:59:00.000Z'));
      const dispositioned = stream('report');
      const forwarded = stream('report');
      const forwardedAway = stream('report');
      const unrelated = stream('report');
      await store.appendToStream(dispositioned, 'no_stream', [event('ReportDispositioned', { agencyId: agency })]);
      await store.appendToStream(forwarded, 'no_stream', [
        event('ReportDispositioned', { agencyId: other }),
        event('ReportForwarded', { toAgencyId: agency }),
      ]);
      await store.appendToStream(forwardedAway, 'no_stream', [
        event('ReportForwarded', { agencyId: agency, toAgencyId: other }),
      ]);
      await store.appendToStream(unrelated, 'no_stream', [event('ReportVerified', { agencyId: agency })]);
      const sorted = [dispositioned, forwarded].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect(await log.streamsRoutedTo(agency, new Date(Date.now() + 60_000))).toEqual(sorted);
      expect(await log.streamsRoutedTo(other, new Date(Date.now() + 60_000))).toEqual(
        [forwarded, forwardedAway].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
      );
      expect(await log.streamsRoutedTo(agency, before)).toEqual([]);
    });
  });
}
