import type { EntityManager } from 'typeorm';
import type { AgencyEvent } from '../../contexts/agencies/agency.js';
import type { RecordedEvent } from '../../src/kernel/event.js';
import type { Projection } from '../../src/kernel/projection.js';

/**
 * connectivity (keterhubungan): one row per connection period of an agency (connected at, and
 * disconnected at if it was), with the agency's type, so "agencies connected in year Y by type"
 * is one query. The directory row remembers the agency's stream version, so an event applied
 * already is skipped and replays change nothing.
 */
export class ConnectivityProjection implements Projection {
  readonly name = 'connectivity';
  readonly tables = ['agency_directory', 'agency_connections'] as const;

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    for (const recorded of events) {
      if (!recorded.streamId.startsWith('agency-')) continue;
      const agencyId = recorded.streamId.slice('agency-'.length);
      const event = { type: recorded.type, data: recorded.data } as AgencyEvent;
      if (event.type === 'AgencyRegistered') {
        await tx.query(
          `INSERT INTO agency_directory (agency_id, name, agency_type, region_code, version) VALUES ($1, $2, $3, $4, 1)
           ON CONFLICT (agency_id) DO NOTHING`,
          [agencyId, event.data.name, event.data.agencyType, event.data.regionCode],
        );
        continue;
      }
      const [, moved]: [unknown[], number] = await tx.query(
        `UPDATE agency_directory SET version = $2 WHERE agency_id = $1 AND version = $2 - 1`,
        [agencyId, recorded.streamVersion],
      );
      if (moved !== 1) continue;
      switch (event.type) {
        case 'AgencyRenamed':
          await tx.query(`UPDATE agency_directory SET name = $2 WHERE agency_id = $1`, [agencyId, event.data.name]);
          break;
        case 'AgencyConnected':
          await tx.query(`INSERT INTO agency_connections (agency_id, opened_by, connected_at) VALUES ($1, $2, $3)`, [
            agencyId,
            recorded.eventId,
            event.data.connectedAt,
          ]);
          break;
        case 'AgencyDisconnected':
          await tx.query(
            `UPDATE agency_connections SET disconnected_at = $2 WHERE agency_id = $1 AND disconnected_at IS NULL`,
            [agencyId, recorded.metadata.occurredAt],
          );
          break;
        default:
          break;
      }
    }
  }
}
