import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { reportDecider } from '../contexts/reports/report.decide.js';
import { reportStream, type ReportEvent } from '../contexts/reports/report.events.js';
import { history } from '../contexts/reports/report.given.js';
import { newEvents } from '../src/commands/run-command.js';
import { createPool } from '../src/event-store/event-store.module.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { foldReport } from '../src/reports/fold-report.js';
import { ReportStates } from '../src/reports/report-states.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

describe('ReportStates', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresEventStore;
  const metadata = { actor: { id: 'admin-1', role: 'ADMIN' }, occurredAt: '2026-11-23T03:00:00.000Z' };
  const append = (reportId: string, expected: number, events: ReportEvent[]) =>
    store.appendToStream(
      reportStream(reportId),
      expected === 0 ? 'no_stream' : expected,
      newEvents(reportDecider.schemaVersions, events),
      {
        metadata: { ...metadata, correlationId: randomUUID() },
      },
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool(database.url, 4);
    store = new PostgresEventStore(pool, { preparedStatements: Boolean(process.env.DATABASE_URL) });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('folds what another writer appended after the kept state, and reads only those events', async () => {
    const [submitted, verified, dispositioned, started, resolved] = history.RESOLVED;
    const reportId = randomUUID();
    await append(reportId, 0, [submitted!, verified!]);
    const states = new ReportStates(store);
    const read = jest.spyOn(store, 'readStream');

    const first = await states.current(reportId);
    expect(first).toEqual(foldReport(await store.readStream(reportStream(reportId))));
    expect(first).toMatchObject({ status: 'VERIFIED', version: 2 });

    // Another instance (or a command here) records three more events.
    await append(reportId, 2, [dispositioned!, started!, resolved!]);
    read.mockClear();
    const later = await states.current(reportId);
    expect(read).toHaveBeenCalledWith(reportStream(reportId), { fromVersion: 3 });
    expect((await read.mock.results[0]!.value) as unknown[]).toHaveLength(3);
    expect(later).toEqual(foldReport(await store.readStream(reportStream(reportId))));
    expect(later).toMatchObject({ status: 'RESOLVED', version: 5 });
    expect(first).toMatchObject({ status: 'VERIFIED', version: 2 });

    read.mockClear();
    expect(await states.current(reportId)).toBe(later);
    expect(read).toHaveBeenCalledWith(reportStream(reportId), { fromVersion: 6 });
    read.mockRestore();
  });

  it('forgets the least recently read states beyond its count or its bytes, and reads their whole streams again', async () => {
    const reports = [randomUUID(), randomUUID(), randomUUID()];
    for (const reportId of reports) await append(reportId, 0, history.SUBMITTED);
    const wholeStreamReads = (states: ReportStates, reportId: string) => async () => {
      const read = jest.spyOn(store, 'readStream');
      await states.current(reportId);
      const whole = read.mock.calls.filter(([, options]) => options === undefined).length;
      read.mockRestore();
      return whole;
    };
    const byCount = new ReportStates(store, { count: 2, bytes: 1e9 });
    for (const reportId of reports) await byCount.current(reportId);
    expect(await wholeStreamReads(byCount, reports[2]!)()).toBe(0);
    expect(await wholeStreamReads(byCount, reports[1]!)()).toBe(0);
    expect(await wholeStreamReads(byCount, reports[0]!)()).toBe(1);

    const oneState = JSON.stringify(await byCount.current(reports[0]!)).length;
    const byBytes = new ReportStates(store, { count: 100, bytes: oneState * 2.5 });
    for (const reportId of reports) await byBytes.current(reportId);
    expect(await wholeStreamReads(byBytes, reports[2]!)()).toBe(0);
    expect(await wholeStreamReads(byBytes, reports[0]!)()).toBe(1);
  });

  it('keeps no state for a report that does not exist, so one submitted later is found', async () => {
    const reportId = randomUUID();
    const states = new ReportStates(store);
    expect(await states.current(reportId)).toMatchObject({ exists: false, version: 0 });
    await append(reportId, 0, history.SUBMITTED);
    expect(await states.current(reportId)).toMatchObject({ exists: true, status: 'SUBMITTED', version: 1 });
  });
});
