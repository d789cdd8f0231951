import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AGENCY_EVENT_SCHEMA_VERSIONS, type AgencyEvent } from '../../contexts/agencies/agency.js';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import { AgencyDirectoryProjection } from './agency-directory.projection.js';
import { connectedAgencies } from './connectivity.queries.js';

const occurredAt = '2020-03-01T00:00:00.000Z';

describe('agency-directory projection', () => {
  let h: ProjectionHarness;
  const agency = async (events: (AgencyEvent & { schemaVersion?: number })[]) => {
    const agencyId = randomUUID();
    await h.givenStream(
      `agency-${agencyId}`,
      events.map((event) => ({ schemaVersion: AGENCY_EVENT_SCHEMA_VERSIONS[event.type], ...event })),
      occurredAt,
    );
    return agencyId;
  };
  beforeAll(async () => {
    h = await projectionHarness();
  });
  afterAll(async () => h?.close());

  it('keeps each agency and every period it was connected, the same after a replay', async () => {
    const registered: AgencyEvent = {
      type: 'AgencyRegistered',
      data: { agencyId: 'x', name: 'Kementerian Sosial', agencyType: 'MINISTRY', parentId: null, regionCode: null },
    };
    const id = await agency([
      registered,
      { type: 'AgencyConnected', data: { connectedAt: '2016-05-01T00:00:00.000Z', decree: null } },
      { type: 'AgencyRenamed', data: { name: 'Kemensos' } },
      // As version 1 recorded it, without disconnectedAt: it took effect when it was recorded.
      { type: 'AgencyDisconnected', data: { reason: null } as never, schemaVersion: 1 },
      { type: 'AgencyConnected', data: { connectedAt: '2021-01-10T00:00:00.000Z', decree: null } },
    ]);
    await h.catchUp(new AgencyDirectoryProjection(), 2);
    const periods = () =>
      h.dataSource.query(
        `SELECT connected_at, disconnected_at FROM agency_connections WHERE agency_id = $1 ORDER BY connected_at`,
        [id],
      );
    const once = await periods();
    expect(
      once.map((p: { connected_at: Date; disconnected_at: Date | null }) => [
        p.connected_at.toISOString(),
        p.disconnected_at?.toISOString() ?? null,
      ]),
    ).toEqual([
      ['2016-05-01T00:00:00.000Z', '2020-03-01T00:00:00.000Z'],
      ['2021-01-10T00:00:00.000Z', null],
    ]);
    expect(
      await h.dataSource.query(`SELECT name, agency_type FROM agency_directory WHERE agency_id = $1`, [id]),
    ).toEqual([{ name: 'Kemensos', agency_type: 'MINISTRY' }]);
    await h.dataSource.query(`UPDATE checkpoints SET position = 0 WHERE name = 'agency-directory'`);
    await h.catchUp(new AgencyDirectoryProjection());
    expect(await periods()).toEqual(once);
  });

  it('counts connectivity by the dates connections took effect, not by when they were recorded', async () => {
    const registered: AgencyEvent = {
      type: 'AgencyRegistered',
      data: { agencyId: 'y', name: 'Provinsi Bengkulu', agencyType: 'PROVINCE', parentId: null, regionCode: '17' },
    };
    // Recorded on 1 March 2020 (occurredAt), effective in 2016 and 2018.
    const id = await agency([
      registered,
      { type: 'AgencyConnected', data: { connectedAt: '2016-02-29T17:00:00.000Z', decree: 'SK 1/2016' } },
      { type: 'AgencyDisconnected', data: { reason: null, disconnectedAt: '2018-06-29T17:00:00.000Z' } },
    ]);
    await h.catchUp(new AgencyDirectoryProjection());
    expect(
      await h.dataSource.query(
        `SELECT connected_at, disconnected_at FROM agency_connections WHERE agency_id = $1 ORDER BY connected_at`,
        [id],
      ),
    ).toEqual([
      { connected_at: new Date('2016-02-29T17:00:00.000Z'), disconnected_at: new Date('2018-06-29T17:00:00.000Z') },
    ]);
    const provinces = async (year: number) =>
      (await connectedAgencies(h.dataSource, year)).find((row) => row.type === 'PROVINCE') ?? null;
    expect(await provinces(2015)).toEqual({ type: 'PROVINCE', connected: 0, newly: 0 });
    expect(await provinces(2016)).toEqual({ type: 'PROVINCE', connected: 1, newly: 1 });
    expect(await provinces(2017)).toEqual({ type: 'PROVINCE', connected: 1, newly: 0 });
    // Disconnected during 2018: not connected at its end.
    expect(await provinces(2018)).toEqual({ type: 'PROVINCE', connected: 0, newly: 0 });
    expect(await provinces(2020)).toEqual({ type: 'PROVINCE', connected: 0, newly: 0 });
  });
});
