import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { history } from '../../contexts/reports/report.given.js';
import { reportStream } from '../../contexts/reports/report.events.js';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import type { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { foldReport } from '../reports/fold-report.js';
import { ReportStates } from '../reports/report-states.js';
import { ChangeFeed, payloadGroups, type ReportEventChange } from './change-feed.js';

describe('payloadGroups', () => {
  it('splits a large batch into NOTIFY payloads under 8,000 bytes, keeping every change in order', () => {
    const changes: ReportEventChange[] = Array.from({ length: 500 }, (_, i) => ({
      reportId: '0e7c6b2a-6c1f-4f0e-9a57-3f1d2b4c5d6e',
      trackingId: '7K3M-9QX2',
      position: (9223372036854775000n + BigInt(i)).toString(),
      version: i + 1,
      type: 'OmbudsmanFindingRecorded',
      status: 'AWAITING_CLARIFICATION',
      agencyId: 'b1d4c1a8-1c53-4f0c-8f7e-2f1c9d0e5a11',
      leftAgencyId: 'c2e5d2b9-2d64-4a1d-9a8f-3a2dae1f6b22',
    }));
    const groups = [...payloadGroups(changes)];
    expect(groups.length).toBeGreaterThan(1);
    for (const group of groups) expect(Buffer.byteLength(JSON.stringify({ changes: group }))).toBeLessThan(8000);
    expect(groups.flat()).toEqual(changes);
  });
});

describe('the change feed', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await projectionHarness();
  });
  afterAll(async () => h?.close());

  /** A feed as report-status's instance runs it (handing its changes over directly, as on the embedded database), counting its stream reads. */
  const feed = async () => {
    let committed: (projection: string, events: readonly RecordedEvent[]) => void = () => undefined;
    const engine = {
      onCommitted: (listener: typeof committed) => (committed = listener),
    } as unknown as ProjectionEngine;
    const reads: string[] = [];
    const store = {
      readStream: (streamId, options) => (reads.push(streamId), h.store.readStream(streamId, options)),
    } as Pick<EventStore, 'readStream'> as EventStore;
    const changeFeed = new ChangeFeed(
      engine,
      store,
      h.dataSource,
      { url: '', kind: 'embedded' },
      new ReportStates(store),
    );
    await changeFeed.onModuleInit();
    const heard: ReportEventChange[] = [];
    changeFeed.listen({ change: (change) => heard.push(change), resync: () => heard.push({} as ReportEventChange) });
    const commit = async (events: RecordedEvent[]) => {
      const expected = heard.length + events.length;
      committed('report-status', events);
      while (heard.length < expected) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    return { commit, heard, reads };
  };

  it('shows each event with the report as of it: folded on from the batch and the state it kept, or from the stream when it kept none', async () => {
    const reportId = await h.given(history.RESOLVED);
    const events = await h.store.readStream(reportStream(reportId));
    const asOf = events.map((_, i) => foldReport(events.slice(0, i + 1)).status);
    expect(new Set(asOf).size).toBe(events.length);

    const following = await feed();
    await following.commit(events.slice(0, 2));
    await following.commit(events.slice(2));
    expect(following.heard.map((change) => [change.version, change.status])).toEqual(asOf.map((s, i) => [i + 1, s]));
    expect(following.reads).toEqual([]);

    // An instance that took report-status over midway has kept nothing of the report: it reads the stream.
    const takingOver = await feed();
    await takingOver.commit(events.slice(3));
    expect(takingOver.heard.map((change) => change.status)).toEqual(asOf.slice(3));
    expect(takingOver.reads).toEqual([reportStream(reportId)]);
  });
});
