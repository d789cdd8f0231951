import { startOfWibDay } from '../../contexts/calendar/working-days.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  agencyDecider,
  agencyStream,
  connectedAt,
  type Agency,
  type AgencyCommand,
  type AgencyEvent,
} from '../../contexts/agencies/agency.js';
import {
  CATEGORIES_STREAM,
  categoriesDecider,
  type Categories,
  type CategoryEvent,
} from '../../contexts/agencies/categories.js';
import type { DeadlinePolicy } from '../../contexts/calendar/deadline-policy.js';
import { HOLIDAYS_STREAM, holidaysDecider, type Holidays } from '../../contexts/calendar/holidays.js';
import { DomainError } from '../../contexts/domain-error.js';
import {
  CaseRefused,
  importIntegrator,
  planCase,
  type CaseRecord,
  type KnownAgency,
  type PlannedEvent,
} from '../../contexts/imports/import.plan.js';
import type { Actor } from '../../contexts/principals/actor.js';
import { endUserPrincipal, guestPrincipal } from '../../contexts/principals/principal.js';
import {
  REPORT_EVENT_SCHEMA_VERSIONS,
  reportStream,
  type SealedIdentity,
} from '../../contexts/reports/report.events.js';
import { newTrackingId, trackingIdDecider, trackingIdStream } from '../../contexts/reports/tracking-id.js';
import { HolidayCalendarService } from '../calendar/holiday-calendar.service.js';
import { CLOCK, type Clock } from '../clock.js';
import { KeyedLock } from '../commands/keyed-lock.js';
import { foldHistory, runDecider } from '../commands/run-command.js';
import { uuidFromName } from '../commands/uuid-from-name.js';
import { InvalidEventError, WrongExpectedVersionError } from '../event-store/errors.js';
import { EVENT_LOG, type EventLog } from '../event-store/event-log.port.js';
import { EVENT_STORE, type EventStore, type NewStream } from '../event-store/event-store.port.js';
import { ReporterVault, type ReporterIdentity } from '../privacy/reporter-vault.js';
import { DEADLINE_POLICY } from '../reports/execute-report-command.js';
import { TrackingIdRegistry } from '../reports/tracking-id-registry.js';
import { GroupCommit } from './group-commit.js';
import { readRecord, type AgencyRecord, type ImportRecord } from './import-records.js';
import { isUuid } from '../kernel/uuid.js';

export interface ImportOptions {
  /** Names the source system: with a record's own id, what makes a re-import write nothing new. */
  source: string;
  dryRun?: boolean;
  /** Stop at the first refused line. */
  strict?: boolean;
  /** Shared by every event of this run (metadata.import.batchId and the correlation id). */
  batchId?: string;
  /** Who runs the import (the admin calling the mutation, or the operating-system user of the CLI): in every event's metadata.import. */
  importedBy: string;
  /** The number of the first line given (a mutation's batch continues a file). */
  firstLine?: number;
  onProgress?(progress: { lines: number; events: number }): void;
}

export interface ImportSummary {
  batchId: string;
  lines: number;
  imported: number;
  skipped: number;
  refused: number;
  events: number;
  problems: { line: number; reason: string }[];
  /** With strict, the line the run stopped at. */
  stoppedAt: number | null;
  /**
   * A global position (a bigint as a string) at or after every event this run wrote or found already
   * there: a query given it as minPosition reads them all. Null for a dry run (or while the log is empty).
   */
  position: string | null;
}

/**
 * Brings a legacy system's history in, line by line (import.schema.ts): holidays, categories and
 * agencies through their own deciders, cases through the report decider at their original instants
 * (contexts/imports/import.plan.ts), each case appended whole in one append with its provenance.
 * Ids come from the source and the record's id, so a second run finds what the first wrote and writes
 * nothing for it; a refused line writes nothing and the others go on.
 */
@Injectable()
export class ImportService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_POLICY) private readonly policy: DeadlinePolicy,
    private readonly holidays: HolidayCalendarService,
    private readonly trackingIds: TrackingIdRegistry,
    private readonly vault: ReporterVault,
    private readonly streams: KeyedLock,
  ) {}

  async run(lines: AsyncIterable<string> | Iterable<string>, options: ImportOptions): Promise<ImportSummary> {
    const { store, log, clock, policy, trackingIds, vault, streams } = this;
    const deps = { store, log, clock, policy, trackingIds, vault, streams };
    const run = new ImportRun(deps, options, await this.holidays.current(0), await this.categories());
    let number = (options.firstLine ?? 1) - 1;
    for await (const line of lines) {
      number++;
      if (line.trim() === '') continue;
      await run.line(number, line);
      if (run.stopped) break;
    }
    const summary = await run.finish();
    if (!options.dryRun) summary.position = (await log.newestCommitted())?.toString() ?? null;
    // Deadlines computed in this instance from now on count the holidays it imported.
    await this.holidays.current(0);
    return summary;
  }

  private async categories(): Promise<Categories> {
    return foldHistory<Categories, CategoryEvent>(categoriesDecider, await this.store.readStream(CATEGORIES_STREAM));
  }
}

type Outcome = 'imported' | 'skipped';

/** Cases read before asking which are there already and deciding them (their writes go together). */
const CASES_AT_ONCE = 500;
/** Events written in one statement at most: 10 parameters an event, under PostgreSQL's 65,535. */
const EVENTS_AT_ONCE = 6_000;
/** Reporters' keys read or created in one statement at most. */
const KEYS_AT_ONCE = 1_000;

/** A case of the run: its work, and the tracking id it got (a placeholder in a dry run). */
interface CaseEntry {
  /** Its line in the file. */
  number: number;
  work: Promise<void>;
  trackingId?: string;
}

/** What a run writes with and decides by. */
interface RunDeps {
  store: EventStore;
  log: EventLog;
  clock: Clock;
  policy: DeadlinePolicy;
  trackingIds: TrackingIdRegistry;
  vault: ReporterVault;
  streams: KeyedLock;
}

/** One run's state: what the file has defined so far (for a dry run too), the cases in flight, the counts. */
class ImportRun {
  private readonly summary: ImportSummary;
  private readonly pending: { number: number; record: CaseRecord }[] = [];
  /** Every case decided while the previous statement was on its way is written in the next one. */
  private readonly writes: GroupCommit<NewStream[], void>;
  /** Likewise the reporters' keys of the identities to seal. */
  private readonly seals: GroupCommit<{ subject: string; identity: ReporterIdentity }, SealedIdentity>;
  private readonly agencies = new Map<string, KnownAgency | null>();
  /** The cases of this run, by their source id: their work, and the tracking id each got (a placeholder in a dry run). */
  private readonly cases = new Map<string, CaseEntry>();
  private readonly now: Date;
  stopped = false;

  constructor(
    private readonly deps: RunDeps,
    private readonly options: ImportOptions,
    private calendar: Holidays,
    private categories: Categories,
  ) {
    this.now = deps.clock.now();
    this.writes = new GroupCommit(
      async (batches) => {
        await deps.store.appendToNewStreams(batches.flat());
        return batches.map(() => undefined);
      },
      EVENTS_AT_ONCE,
      (streams) => streams.reduce((sum, stream) => sum + stream.events.length, 0),
    );
    this.seals = new GroupCommit((items) => deps.vault.sealAll(items), KEYS_AT_ONCE);
    this.summary = {
      batchId: options.batchId ?? randomUUID(),
      lines: 0,
      imported: 0,
      skipped: 0,
      refused: 0,
      events: 0,
      problems: [],
      stoppedAt: null,
      position: null,
    };
  }

  async line(number: number, text: string): Promise<void> {
    this.summary.lines++;
    const read = readRecord(text);
    if ('problem' in read) return this.refuse(number, read.problem);
    const { record } = read;
    if (record.record !== 'case') {
      // Cases before this line may not see what it defines; later ones must.
      await this.flush();
      if (this.stopped) return;
      return this.settle(number, this.define(record));
    }
    this.pending.push({ number, record });
    // Strict takes one case at a time, so that it stops at the first refused line of the file.
    if (this.pending.length >= (this.options.strict ? 1 : CASES_AT_ONCE)) await this.flush();
  }

  async finish(): Promise<ImportSummary> {
    await this.flush();
    this.summary.problems.sort((a, b) => a.line - b.line);
    return this.summary;
  }

  /** The cases read so far: one question for which are there already, the others decided and written together. */
  private async flush(): Promise<void> {
    const chunk = this.pending.splice(0);
    if (chunk.length === 0) return;
    const streams = chunk.map(({ record }) => reportStream(this.reportIdOf(record.id)));
    const existing = await this.deps.log.existingStreams(streams);
    const firstLine = new Map<string, number>();
    await Promise.all(
      chunk.map(({ number, record }, index) => {
        if (existing.has(streams[index]!))
          return this.settle(number, Promise.resolve({ outcome: 'skipped', events: 0 }));
        const earlier = firstLine.get(record.id);
        if (earlier !== undefined) return this.refuse(number, `case ${record.id} is on line ${earlier} already`);
        firstLine.set(record.id, number);
        const entry: CaseEntry = { number, work: Promise.resolve() };
        this.cases.set(record.id, entry);
        entry.work = this.settle(number, this.importCase(record, entry)).finally(() => {
          // Once written the store answers for it: memory stays flat however long the file (a dry run keeps its ids).
          if (!this.options.dryRun) this.cases.delete(record.id);
        });
        return entry.work;
      }),
    );
  }

  private async settle(number: number, work: Promise<{ outcome: Outcome; events: number }>): Promise<void> {
    try {
      const { outcome, events } = await work;
      this.summary[outcome]++;
      this.summary.events += events;
      this.options.onProgress?.({ lines: this.summary.lines, events: this.summary.events });
    } catch (error) {
      if (error instanceof CaseRefused || error instanceof DomainError || error instanceof InvalidEventError)
        return this.refuse(number, error.message);
      throw error;
    }
  }

  private refuse(number: number, reason: string): void {
    this.summary.refused++;
    this.summary.problems.push({ line: number, reason });
    if (this.options.strict && !this.stopped) {
      this.stopped = true;
      this.summary.stoppedAt = number;
    }
  }

  private get actor(): Actor {
    return { id: importIntegrator(this.options.source), role: 'ADMIN' };
  }

  private metadata(occurredAt: Date | string, actor: Actor, originalId: string) {
    return {
      actor: { id: actor.id, role: actor.role, ...(actor.agencyId ? { agencyId: actor.agencyId } : {}) },
      occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
      correlationId: this.summary.batchId,
      causationId: null,
      channel: 'IMPORT',
      command: 'Import',
      import: {
        source: this.options.source,
        originalId,
        batchId: this.summary.batchId,
        importedBy: this.options.importedBy,
      },
    };
  }

  /** A holiday, a category or an agency: its own decider, in memory for a dry run. */
  private async define(record: Exclude<ImportRecord, CaseRecord>): Promise<{ outcome: Outcome; events: number }> {
    const { store, streams } = this.deps;
    const write = !this.options.dryRun;
    switch (record.record) {
      case 'holiday': {
        const command = { type: 'DeclareHoliday' as const, date: record.date, name: record.name };
        // A day already a holiday stays as it is (an import never renames one), so a second run writes nothing.
        const events = this.calendar.names.has(record.date)
          ? []
          : holidaysDecider.decide(command, this.calendar, undefined);
        this.calendar = events.reduce((state, event) => holidaysDecider.evolve(state, event, null), this.calendar);
        if (write && events.length)
          await runDecider(store, streams, holidaysDecider, {
            streamId: HOLIDAYS_STREAM,
            command,
            context: undefined,
            metadata: this.metadata(this.now, this.actor, `holiday:${record.date}`),
          });
        return { outcome: events.length ? 'imported' : 'skipped', events: events.length };
      }
      case 'category': {
        const command = {
          type: 'AddCategory' as const,
          code: record.code,
          name: record.name,
          parentCode: record.parent ?? null,
        };
        const events = categoriesDecider.decide(command, this.categories, undefined);
        this.categories = events.reduce(
          (state, event) => categoriesDecider.evolve(state, event, null),
          this.categories,
        );
        if (write && events.length)
          await runDecider(store, streams, categoriesDecider, {
            streamId: CATEGORIES_STREAM,
            command,
            context: undefined,
            metadata: this.metadata(this.now, this.actor, `category:${record.code}`),
          });
        return { outcome: events.length ? 'imported' : 'skipped', events: events.length };
      }
      case 'agency':
        return this.defineAgency(record);
    }
  }

  /**
   * Registers the agency (ids from the source), adds its units and records each connection period not
   * yet recorded, every step through the agency decider: a second run finds them all and writes nothing.
   */
  private async defineAgency(record: AgencyRecord): Promise<{ outcome: Outcome; events: number }> {
    const { store, streams } = this.deps;
    const agencyId = this.agencyIdOf(record.id);
    const parentId = record.parent ? ((await this.agency(record.parent))?.agencyId ?? null) : null;
    if (record.parent && !parentId) throw new DomainError('NOT_FOUND', `parent agency ${record.parent} is not known`);
    let state = foldHistory<Agency, AgencyEvent>(agencyDecider, await store.readStream(agencyStream(agencyId)));
    const recorded = new Map(state.connections.map((period) => [period.from, period.to]));
    const commands: { command: AgencyCommand; at: Date }[] = [
      {
        command: {
          type: 'RegisterAgency',
          agencyId,
          name: record.name,
          agencyType: record.type,
          parentId,
          regionCode: record.regionCode ?? null,
        },
        at: this.now,
      },
      ...(record.units ?? []).map((unit) => ({
        command: { type: 'AddUnit' as const, unitId: this.unitIdOf(record.id, unit.id), name: unit.name },
        at: this.now,
      })),
    ];
    // Each period as far as it is not recorded yet: its connection, then its disconnection (a run killed
    // between the two, or a file that later gives the period its end, records the disconnection alone).
    for (const period of record.connections ?? []) {
      const from = startOfWibDay(period.from);
      const known = recorded.get(from.toISOString());
      if (known === undefined)
        commands.push({
          command: { type: 'ConnectAgency', decree: period.decree ?? null, effectiveAt: from },
          at: from,
        });
      if (period.to && !known) {
        const to = startOfWibDay(period.to);
        commands.push({ command: { type: 'DisconnectAgency', reason: null, effectiveAt: to }, at: to });
      }
    }
    let events = 0;
    for (const { command, at } of commands) {
      const decided = agencyDecider.decide(command, state, { now: this.now });
      state = decided.reduce((folded, event) => agencyDecider.evolve(folded, event, at.toISOString()), state);
      events += decided.length;
      if (!this.options.dryRun && decided.length)
        await runDecider(store, streams, agencyDecider, {
          streamId: agencyStream(agencyId),
          command,
          context: { now: this.now },
          metadata: this.metadata(at, this.actor, `agency:${record.id}`),
        });
    }
    this.agencies.set(
      record.id,
      knownAgency(state, (unit) => this.unitIdOf(record.id, unit)),
    );
    return { outcome: events ? 'imported' : 'skipped', events };
  }

  /** Decides a new case and writes it with the others of its chunk (one statement); alone when that fails. */
  private async importCase(record: CaseRecord, entry: CaseEntry): Promise<{ outcome: Outcome; events: number }> {
    const reportId = this.reportIdOf(record.id);
    const categories = [
      record.submitted.category,
      ...record.steps.map((s) => (s.step === 'verified' ? s.category : undefined)),
    ];
    for (const category of categories)
      if (category && !this.categories.has(category))
        throw new CaseRefused(0, `category ${category} is not in the taxonomy (add it with a category line)`);
    const refs = record.steps.flatMap((s) => (s.step === 'dispositioned' || s.step === 'forwarded' ? [s.agency] : []));
    for (const ref of refs) await this.agency(ref);
    const originals = new Map<string, string | null>();
    for (const step of record.steps)
      if (step.step === 'rejected' && step.duplicateOf && step.duplicateOf !== record.id) {
        // An original on an earlier line of this run may still be on its way in (a later one is not waited for).
        const original = this.cases.get(step.duplicateOf);
        if (original && original.number < entry.number) await original.work;
        originals.set(step.duplicateOf, await this.original(step.duplicateOf));
      }
    const plan = (trackingId: string, identity: SealedIdentity | null) =>
      planCase(record, {
        source: this.options.source,
        reportId,
        trackingId,
        identity,
        agency: (ref) => this.agencies.get(ref) ?? null,
        original: (ref) => originals.get(ref) ?? null,
        calendar: this.calendar,
        policy: this.deps.policy,
        now: this.now,
      });
    // Decided before anything is written: a refused case draws no tracking id and seals nothing.
    const placeholder = newTrackingId(Buffer.alloc(7));
    const planned = plan(placeholder, null);
    if (this.options.dryRun) {
      entry.trackingId = placeholder;
      return { outcome: 'imported', events: planned.length };
    }
    const identity = await this.sealIdentity(record, reportId);
    const assignment = this.metadata(record.submitted.at, planned[0]!.actor, record.id);
    const trackingId = newTrackingId(randomBytes(7));
    entry.trackingId = trackingId;
    const events = plan(trackingId, identity).map((event, index) => this.newEvent(event, reportId, index, record.id));
    const assignmentStream = (trackingId: string): NewStream => ({
      streamId: trackingIdStream(trackingId),
      events: [
        {
          eventId: uuidFromName(`import:${reportId}:tracking-id:${trackingId}`),
          type: 'TrackingIdAssigned',
          schemaVersion: trackingIdDecider.schemaVersions.TrackingIdAssigned,
          data: { trackingId, reportId },
          metadata: assignment,
        },
      ],
    });
    try {
      await this.writes.add([assignmentStream(trackingId), { streamId: reportStream(reportId), events }]);
      return { outcome: 'imported', events: events.length };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
    // Something of the batch was there (a drawn tracking id taken, a case another run wrote meanwhile): alone,
    // its tracking id and its report still in one write.
    for (let attempt = 1; ; attempt++) {
      if ((await this.deps.store.readStream(reportStream(reportId), { toVersion: 1 })).length > 0)
        return { outcome: 'skipped', events: 0 };
      entry.trackingId = newTrackingId(randomBytes(7));
      const alone = plan(entry.trackingId, identity).map((event, index) =>
        this.newEvent(event, reportId, index, record.id),
      );
      try {
        await this.deps.store.appendToNewStreams([
          assignmentStream(entry.trackingId),
          { streamId: reportStream(reportId), events: alone },
        ]);
        return { outcome: 'imported', events: alone.length };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt === 5) throw error;
      }
    }
  }

  private reportIdOf(caseId: string): string {
    return uuidFromName(`import:${this.options.source}:case:${caseId}`);
  }

  private newEvent({ event, occurredAt, actor }: PlannedEvent, reportId: string, index: number, originalId: string) {
    return {
      eventId: uuidFromName(`import:${reportId}:${index}`),
      type: event.type,
      schemaVersion: REPORT_EVENT_SCHEMA_VERSIONS[event.type],
      data: event.data,
      metadata: this.metadata(occurredAt, actor, originalId),
    };
  }

  /** Sealed as a live submission's: under the reporter's principal (the source's user), or a guest's. */
  private async sealIdentity(record: CaseRecord, reportId: string) {
    const { id, ...identity } = record.submitted.reporter ?? {};
    const fields = {
      name: identity.name ?? null,
      nik: identity.nik ?? null,
      phone: identity.phone ?? null,
      email: identity.email ?? null,
      personalDetails: identity.personalDetails ?? null,
    };
    if (Object.values(fields).every((value) => value === null)) return null;
    const subject = id
      ? endUserPrincipal(importIntegrator(this.options.source), id)
      : guestPrincipal(uuidFromName(`guest:${reportId}`));
    return this.seals.add({ subject, identity: fields });
  }

  /** An agency a case names: one this run defined, one an earlier run of the source defined, or a registered one by its id. */
  private async agency(ref: string): Promise<KnownAgency | null> {
    if (this.agencies.has(ref)) return this.agencies.get(ref)!;
    const { store } = this.deps;
    for (const agencyId of [this.agencyIdOf(ref), ...(isUuid(ref) ? [ref] : [])]) {
      const state = foldHistory<Agency, AgencyEvent>(agencyDecider, await store.readStream(agencyStream(agencyId)));
      if (!state.exists) continue;
      const fromSource = agencyId !== ref;
      const known = knownAgency(state, (unit) => (fromSource ? this.unitIdOf(ref, unit) : unit));
      this.agencies.set(ref, known);
      return known;
    }
    this.agencies.set(ref, null);
    return null;
  }

  /** The tracking id of a rejection's original: a case this source imported (by its id there), or a report by its tracking id. */
  private async original(ref: string): Promise<string | null> {
    const ofRun = this.cases.get(ref)?.trackingId;
    if (ofRun) return ofRun;
    const { store, trackingIds } = this.deps;
    const reportId = uuidFromName(`import:${this.options.source}:case:${ref}`);
    const [submitted] = await store.readStream(reportStream(reportId), { toVersion: 1 });
    if (submitted) return (submitted.data as { trackingId: string }).trackingId;
    return trackingIds.resolve(ref).then(
      ({ trackingId }) => trackingId,
      () => null,
    );
  }

  private agencyIdOf(sourceId: string): string {
    return uuidFromName(`import:${this.options.source}:agency:${sourceId}`);
  }

  private unitIdOf(agencySourceId: string, unitSourceId: string): string {
    return uuidFromName(`import:${this.options.source}:unit:${agencySourceId}:${unitSourceId}`);
  }
}

/** An agency's units by their source ids (or their aduan ids), and its connection periods. */
function knownAgency(state: Agency, unitIdOf: (sourceUnitId: string) => string): KnownAgency {
  const unitIds = [...state.units.keys()];
  return {
    agencyId: state.agencyId,
    name: state.name,
    unitIds,
    unit: (ref) => [ref, unitIdOf(ref)].find((id) => state.units.has(id)) ?? null,
    connectedAt: (instant) => connectedAt(state, instant),
  };
}
