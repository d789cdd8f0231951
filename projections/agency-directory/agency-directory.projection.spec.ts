import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AgencyEvent } from '../../contexts/agencies/agency.js';
import { projectionHarness, type ProjectionHarness } from '../../test/support/projection-harness.js';
import { AgencyDirectoryProjection } from './agency-directory.projection.js';

const occurredAt = '2020-03-01T00:00:00.000Z';

describe('agency-directory projection', () => {
  let h: ProjectionHarness;
  const agency = async (events: AgencyEvent[]) => {
    const agencyId = randomUUID();
    await h.givenStream(`agency-${agencyId}`, events, occurredAt);
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
      { type: 'AgencyDisconnected', data: { reason: null } },
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
});
