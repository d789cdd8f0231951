import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../contexts/domain-error.js';
import { principalOf } from '../../contexts/principals/principal.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { CurrentActor } from '../auth/current-actor.js';
import { ProjectionEngine } from '../projection-engine/projection-engine.js';
import { toReportView } from './report.model.js';
import { ProjectionStatusView, ReportConnection, ReportFilter, TimelineEntry } from './report-search.model.js';
import { ACCESS_POLICY, permits, type CallerRole, type Scope } from '../auth/access-policy.js';
import { TrackingIdRegistry } from './tracking-id-registry.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { Inject } from '@nestjs/common';
import { foldHistory } from '../commands/run-command.js';
import { reportStream, type ReportEvent } from '../../contexts/reports/report.events.js';
import { evolve, INITIAL_REPORT, type ReportState } from '../../contexts/reports/report.state.js';

/** Queries on the read models; `minPosition` waits until they include that write. */
@Resolver()
export class ReportSearchResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: ProjectionEngine,
    private readonly trackingIds: TrackingIdRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Query(() => [TimelineEntry], {
    description:
      'The audit trail of a report, oldest first; internal notes only for admins, the Ombudsman and the assigned agency',
  })
  async reportTimeline(
    @CurrentActor() actor: Actor,
    @Args('trackingId') trackingId: string,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<TimelineEntry[]> {
    await this.engine.readYourWrites(minPosition, 'report-timeline');
    const { reportId } = await this.trackingIds.resolve(trackingId);
    const report = foldHistory<ReportState, ReportEvent>(
      { initial: INITIAL_REPORT, evolve },
      await this.store.readStream(reportStream(reportId)),
    );
    if (!report.exists || !permits('Query.reportTimeline', actor, { report }))
      throw new DomainError('NOT_FOUND', `No report has tracking id ${trackingId}`);
    const rows: TimelineRow[] = await this.dataSource.query(
      `SELECT * FROM report_timeline WHERE report_id = $1 ${permits('TimelineEntry (internal notes)', actor, { report }) ? '' : 'AND NOT internal'} ORDER BY stream_version`,
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
    }));
  }

  @Query(() => ReportConnection, { description: 'Reports the caller may see, newest first' })
  async reports(
    @CurrentActor() actor: Actor,
    @Args('filter', { type: () => ReportFilter, nullable: true }) filter: ReportFilter | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('minPosition', {
      type: () => String,
      nullable: true,
      description: 'A position a mutation returned: wait until the results include it',
    })
    minPosition: string | null,
  ): Promise<ReportConnection> {
    if (!Number.isInteger(first) || first < 1 || first > 100)
      throw new DomainError('BAD_USER_INPUT', 'first must be between 1 and 100');
    await this.engine.readYourWrites(minPosition, 'report-status');
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => where.push(sql(`$${values.push(value)}`));
    const visible = visibleTo(actor, (value) => `$${values.push(value)}`);
    if (visible) where.push(visible);
    if (filter?.status?.length) add((p) => `status = ANY(${p})`, filter.status);
    if (filter?.kind) add((p) => `kind = ${p}`, filter.kind);
    if (filter?.agencyId) add((p) => `agency_id = ${p}`, filter.agencyId);
    if (filter?.unitId) add((p) => `unit_id = ${p}`, filter.unitId);
    if (filter?.category) add((p) => `category = ${p}`, filter.category);
    if (filter?.channel) add((p) => `channel = ${p}`, filter.channel);
    if (filter?.regionCode) add((p) => `(region_code = ${p} OR region_code LIKE ${p} || '.%')`, filter.regionCode);
    if (filter?.submittedFrom) add((p) => `submitted_at >= ${p}`, filter.submittedFrom);
    if (filter?.submittedTo) add((p) => `submitted_at < ${p}`, filter.submittedTo);
    if (filter?.overdue != null) add((p) => `overdue = ${p}`, filter.overdue);
    if (filter?.search) add((p) => `title ILIKE ${p}`, `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (after) {
      const [submittedAt, reportId] = decodeCursor(after);
      where.push(`(submitted_at, report_id) < ($${values.push(submittedAt)}, $${values.push(reportId)})`);
    }
    const rows: { report_id: string; submitted_at: Date; state: ReportState }[] = await this.dataSource.query(
      `SELECT report_id, submitted_at, state FROM report_status ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY submitted_at DESC, report_id DESC LIMIT $${values.push(first + 1)}`,
      values,
    );
    const page = rows.slice(0, first);
    const edges = page.map((row) => ({
      cursor: encodeCursor(row.submitted_at, row.report_id),
      node: toReportView(row.state),
    }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Query(() => ReportConnection, {
    description: "An agency's worklist: reports dispositioned to it or in progress, the nearest deadline first",
  })
  async agencyInbox(
    @CurrentActor() actor: Actor,
    @Args('agencyId') agencyId: string,
    @Args('unitId', { type: () => String, nullable: true }) unitId: string | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('minPosition', { type: () => String, nullable: true }) minPosition: string | null,
  ): Promise<ReportConnection> {
    if (!permits('Query.agencyInbox', actor, { agencyId }))
      throw new DomainError('FORBIDDEN', "Only the agency itself, admins and the Ombudsman may see an agency's inbox");
    if (!Number.isInteger(first) || first < 1 || first > 100)
      throw new DomainError('BAD_USER_INPUT', 'first must be between 1 and 100');
    await this.engine.readYourWrites(minPosition, 'report-status');
    const values: unknown[] = [agencyId];
    let where = `agency_id = $1 AND status IN ('DISPOSITIONED', 'IN_PROGRESS')`;
    if (unitId) where += ` AND unit_id = $${values.push(unitId)}`;
    if (after) {
      const [due, reportId] = decodeCursor(after);
      where += ` AND (coalesce(next_due_at, 'infinity'), report_id) > ($${values.push(due)}::timestamptz, $${values.push(reportId)}::uuid)`;
    }
    const rows: { report_id: string; due: string; state: ReportState }[] = await this.dataSource.query(
      `SELECT report_id, state,
              CASE WHEN next_due_at IS NULL THEN 'infinity' ELSE to_char(next_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END AS due
         FROM report_status WHERE ${where}
        ORDER BY coalesce(next_due_at, 'infinity'), report_id LIMIT $${values.push(first + 1)}`,
      values,
    );
    const edges = rows
      .slice(0, first)
      .map((row) => ({ cursor: encodeCursor(row.due, row.report_id), node: toReportView(row.state) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Mutation(() => Int, {
    description:
      'Rebuilds a read model (every one when name is omitted) from position 0 and swaps it in when done (ADMIN); returns the events replayed',
  })
  async rebuildProjection(@Args('name', { type: () => String, nullable: true }) name?: string | null): Promise<number> {
    return (await this.engine.rebuild(name ?? undefined)).events;
  }

  @Query(() => [ProjectionStatusView], { description: 'Where each read model is (ADMIN)' })
  async projections(): Promise<ProjectionStatusView[]> {
    return this.engine.status();
  }
}

/** A row of report_timeline as the driver returns it. */
interface TimelineRow {
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
}

/** The `reports` cell of the access matrix as SQL over report_status: a row is visible when some scope covers it. */
function visibleTo(actor: Actor, bind: (value: unknown) => string): string | null {
  if (actor.role === 'SYSTEM') return null;
  const cell: readonly Scope[] = ACCESS_POLICY['Query.reports'][actor.role as CallerRole] ?? [];
  if (cell.includes('ANY')) return null;
  const alternatives: string[] = [];
  for (const scope of cell) {
    if (scope === 'NON_CONFIDENTIAL') alternatives.push('NOT confidential');
    else if (scope === 'ASSIGNED_AGENCY') alternatives.push(`agency_id = ${bind(actor.agencyId ?? '')}`);
    else if (scope === 'OWNER' && actor.role === 'REPORTER')
      alternatives.push(`state->>'reporterId' = ${bind(principalOf(actor))}`);
    else if (scope === 'OWNER' && actor.role === 'INTEGRATOR')
      alternatives.push(`(state->>'submittedBy' = ${bind(principalOf(actor))}${keyAgencies(actor, bind)})`);
  }
  return alternatives.length ? `(${alternatives.join(' OR ')})` : 'FALSE';
}

/** The OWNER scope's API-key limit (withinKeyAgencies) as SQL: not yet routed, or routed to one of the key's agencies. */
function keyAgencies(actor: Actor, bind: (value: unknown) => string): string {
  const agencies = actor.apiKey?.agencies;
  return agencies ? ` AND (agency_id IS NULL OR agency_id = ANY(${bind(agencies)}))` : '';
}

/** A cursor is the sort key of the last row: an instant (or 'infinity' for no deadline) and the report id. */
function encodeCursor(key: Date | string, reportId: string): string {
  return Buffer.from(JSON.stringify([key instanceof Date ? key.toISOString() : key, reportId])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [key, reportId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if ((key !== 'infinity' && Number.isNaN(Date.parse(key))) || !/^[0-9a-f-]{36}$/.test(reportId)) throw new Error();
    return [key, reportId];
  } catch {
    throw new DomainError('BAD_USER_INPUT', 'after is not a cursor this query returned');
  }
}
