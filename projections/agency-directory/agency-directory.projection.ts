import type { AgencyEvent } from '../../contexts/agencies/agency.js';
import { unreachable } from '../../contexts/domain-error.js';
import type { RecordedEvent } from '../../src/kernel/event.js';
import type { Projection, ProjectionTx } from '../../src/kernel/projection.js';
import { searchName } from './search-name.js';

/**
 * agency-directory: one row per agency as it is now (name, a folded name to search by, type,
 * region, parent, connection, units), and one row per period it was connected (connected at,
 * disconnected at if it was), so "agencies connected in year Y by type" is one query. Periods
 * run by the dates the connections took effect (a decree recorded years later counts in its
 * own year), not by when the events were recorded. The
 * directory row remembers the agency's stream version, so an event applied already is skipped
 * and replays change nothing.
 */
export class AgencyDirectoryProjection implements Projection {
  readonly name = 'agency-directory';
  readonly tables = ['agency_directory', 'agency_connections'] as const;

  async apply(events: readonly RecordedEvent[], tx: ProjectionTx): Promise<void> {
    for (const recorded of events) {
      if (!recorded.streamId.startsWith('agency-')) continue;
      const agencyId = recorded.streamId.slice('agency-'.length);
      const event = { type: recorded.type, data: recorded.data } as AgencyEvent;
      if (event.type === 'AgencyRegistered') {
        const { name, agencyType, regionCode, parentId } = event.data;
        await tx.query(
          `INSERT INTO agency_directory (agency_id, name, search_name, agency_type, region_code, parent_id, registered_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 1) ON CONFLICT (agency_id) DO NOTHING`,
          [agencyId, name, searchName(name), agencyType, regionCode, parentId, recorded.metadata.occurredAt],
        );
        continue;
      }
      const [, moved]: [unknown[], number] = await tx.query(
        `UPDATE agency_directory SET version = $2 WHERE agency_id = $1 AND version = $2 - 1`,
        [agencyId, recorded.streamVersion],
      );
      if (moved !== 1) continue;
      await this.change(agencyId, event, recorded, tx);
    }
  }

  private async change(agencyId: string, event: AgencyEvent, recorded: RecordedEvent, tx: ProjectionTx) {
    switch (event.type) {
      case 'AgencyRenamed':
        await tx.query(`UPDATE agency_directory SET name = $2, search_name = $3 WHERE agency_id = $1`, [
          agencyId,
          event.data.name,
          searchName(event.data.name),
        ]);
        return;
      case 'AgencyConnected':
        await tx.query(`UPDATE agency_directory SET connected = true, connected_at = $2 WHERE agency_id = $1`, [
          agencyId,
          event.data.connectedAt,
        ]);
        await tx.query(`INSERT INTO agency_connections (agency_id, opened_by, connected_at) VALUES ($1, $2, $3)`, [
          agencyId,
          recorded.eventId,
          event.data.connectedAt,
        ]);
        return;
      case 'AgencyDisconnected': {
        // Version-1 disconnections took effect when they were recorded.
        const { disconnectedAt } = event.data as { disconnectedAt?: string };
        await tx.query(`UPDATE agency_directory SET connected = false WHERE agency_id = $1`, [agencyId]);
        await tx.query(
          `UPDATE agency_connections SET disconnected_at = $2 WHERE agency_id = $1 AND disconnected_at IS NULL`,
          [agencyId, disconnectedAt ?? recorded.metadata.occurredAt],
        );
        return;
      }
      case 'UnitAdded':
        await tx.query(
          `UPDATE agency_directory SET units = units || jsonb_build_array(jsonb_build_object('id', $2::text, 'name', $3::text))
            WHERE agency_id = $1`,
          [agencyId, event.data.unitId, event.data.name],
        );
        return;
      case 'UnitRenamed':
        // Units keep the order they were added in.
        await tx.query(
          `UPDATE agency_directory SET units = (
             SELECT jsonb_agg(CASE WHEN u->>'id' = $2 THEN jsonb_build_object('id', $2::text, 'name', $3::text) ELSE u END ORDER BY n)
               FROM jsonb_array_elements(units) WITH ORDINALITY AS t(u, n))
            WHERE agency_id = $1`,
          [agencyId, event.data.unitId, event.data.name],
        );
        return;
      case 'AgencyRegistered':
        return;
      default:
        return unreachable(event);
    }
  }
}
