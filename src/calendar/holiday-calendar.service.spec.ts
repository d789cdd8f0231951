import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HOLIDAYS_STREAM } from '../../contexts/calendar/holidays.js';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { CALENDAR_REFRESH_MS, HolidayCalendarService } from './holiday-calendar.service.js';

describe('the holiday calendar of an instance', () => {
  let harness: ProjectionHarness;
  beforeAll(async () => {
    harness = await projectionHarness();
  });
  afterAll(async () => {
    await harness.close();
  });

  const metadata = {
    correlationId: 'c',
    actor: { id: 'admin-1', role: 'ADMIN' },
    occurredAt: new Date().toISOString(),
  };
  /** Declares a holiday as another instance would: straight into the store. */
  const declare = async (date: string, name: string): Promise<bigint> => {
    const { lastGlobalPosition } = await harness.store.appendToStream(
      HOLIDAYS_STREAM,
      'any',
      [{ eventId: randomUUID(), type: 'HolidayDeclared', schemaVersion: 1, data: { date, name } }],
      { metadata },
    );
    return lastGlobalPosition;
  };

  it('reads the stream at most once a refresh period, reads on from its last event, and counts a change recorded here at once', async () => {
    const reads: (number | undefined)[] = [];
    const store = {
      readStream: (streamId, options) => (
        reads.push(options?.fromVersion),
        harness.store.readStream(streamId, options)
      ),
    } as Pick<EventStore, 'readStream'> as EventStore;
    const calendar = new HolidayCalendarService(store);
    await declare('2026-12-25', 'Hari Raya Natal');

    expect((await calendar.current()).names.get('2026-12-25')).toBe('Hari Raya Natal');
    const started = performance.now();
    await declare('2026-12-26', 'Cuti Bersama Natal');
    await Promise.all([calendar.current(), calendar.current(), calendar.current()]);
    // Within the refresh period a holiday declared elsewhere may be missing, and the stream is not read again.
    if (performance.now() - started < CALENDAR_REFRESH_MS) expect(reads).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, CALENDAR_REFRESH_MS));
    expect((await calendar.current()).names.get('2026-12-26')).toBe('Cuti Bersama Natal');
    expect(reads.at(-1)).toBe(2);

    // A change recorded through this instance counts at once; so does a fresh read (maxAgeMs 0).
    await calendar.recorded(await declare('2027-01-01', 'Tahun Baru Masehi'));
    expect((await calendar.current()).holidays.has('2027-01-01')).toBe(true);
    await declare('2027-02-17', 'Tahun Baru Imlek');
    expect((await calendar.current(0)).holidays.has('2027-02-17')).toBe(true);
    expect(reads.slice(2)).toEqual([3, 4]);
  });

  it('answers "now" with a read that started after the question, not one already under way', async () => {
    await declare('2027-03-19', 'Hari Suci Nyepi');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const store = {
      readStream: async (streamId, options) => {
        const events = await harness.store.readStream(streamId, options);
        // The first read is done before the declaration below but answers only after it.
        if (first) await ((first = false), held);
        return events;
      },
    } as Pick<EventStore, 'readStream'> as EventStore;
    const calendar = new HolidayCalendarService(store);
    const underWay = calendar.current();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await declare('2027-03-20', 'Cuti Bersama Nyepi');
    const now = calendar.current(0);
    release();
    expect((await underWay).holidays.has('2027-03-20')).toBe(false);
    expect((await now).holidays.has('2027-03-20')).toBe(true);
  });
});
