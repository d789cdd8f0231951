import type { DataSource } from 'typeorm';

/** One entry of a report's audit trail: when, who, what, and the status before and after. */
export interface TimelineEntryRow {
  version: number;
  position: string;
  occurredAt: string;
  recordedAt: string;
  actorId: string;
  actorRole: string;
  actorAgencyId: string | null;
  eventType: string;
  fromStatus: string | null;
  toStatus: string;
  descriptionId: string;
  descriptionEn: string;
  /** The source system the event was imported from; null for one recorded live. */
  importedFrom: string | null;
}

/** A report's trail, oldest first; internal notes only when the caller may read them. */
export async function timelineOf(
  db: Pick<DataSource, 'query'>,
  reportId: string,
  withInternalNotes: boolean,
): Promise<TimelineEntryRow[]> {
  const rows: {
    stream_version: number;
    global_position: string;
    occurred_at: Date;
    recorded_at: Date;
    actor_id: string;
    actor_role: string;
    actor_agency_id: string | null;
    event_type: string;
    from_status: string | null;
    to_status: string;
    description_id: string;
    description_en: string;
    import_source: string | null;
  }[] = await db.query(
    `SELECT * FROM report_timeline WHERE report_id = $1 ${withInternalNotes ? '' : 'AND NOT internal'} ORDER BY stream_version`,
    [reportId],
  );
  return rows.map((row) => ({
    version: row.stream_version,
    position: String(row.global_position),
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    actorId: row.actor_id,
    actorRole: row.actor_role,
    actorAgencyId: row.actor_agency_id,
    eventType: row.event_type,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    descriptionId: row.description_id,
    descriptionEn: row.description_en,
    importedFrom: row.import_source,
  }));
}
