import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { reportStatusesOf } from '../../contexts/open311/open311-status.js';
import { readRequestSearch, readUpdateSearch } from '../../contexts/open311/search-params.js';
import type { FormValues } from '../../contexts/open311/service-request-form.js';
import { requestUpdateOf, serviceRequestOf } from '../../contexts/open311/service-request-view.js';
import type { ReportState } from '../../contexts/reports/report.state.js';
import { parseTrackingId } from '../../contexts/reports/tracking-id.js';
import { agenciesById } from '../../projections/agency-directory/agency-directory.queries.js';
import { AgencyRegistry } from '../agencies/agency-registry.js';
import { visibilityOf } from '../auth/access-policy.js';
import { PUBLIC_ACTOR } from '../auth/token-verifier.js';
import { CLOCK, type Clock } from '../clock.js';
import { Open311Error } from './open311-error.js';
import type { Open311Document } from './open311-format.js';
import { visibleReports } from '../../projections/report-status/open311.queries.js';
import { statusNotes, visibleUpdates } from '../../projections/report-timeline/open311.queries.js';

/** GET requests, requests/{id} and servicerequestupdates: the read models as the public sees them, whoever asks. */
@Injectable()
export class Open311Requests {
  private readonly visibility = visibilityOf(PUBLIC_ACTOR);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: AgencyRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(query: FormValues): Promise<Open311Document> {
    const read = readRequestSearch(query, this.clock.now());
    if ('problems' in read) throw Open311Error.badInput(read.problems);
    const { trackingIds, serviceCodes, statuses, ...window } = read.search;
    const { limit, offset } = window;
    const states = await visibleReports(
      this.dataSource,
      this.visibility,
      trackingIds
        ? { trackingIds, limit, offset }
        : { ...window, trackingIds, categories: serviceCodes, statuses: statuses?.flatMap(reportStatusesOf) ?? null },
    );
    return { root: 'service_requests', body: await this.requests(states) };
  }

  /** One request by its tracking id, typed as a person would; 404 when the public may not read it. */
  async one(serviceRequestId: string): Promise<Open311Document> {
    const trackingId = parseTrackingId(serviceRequestId);
    const [state] = trackingId
      ? await visibleReports(this.dataSource, this.visibility, { trackingIds: [trackingId], limit: 1, offset: 0 })
      : [];
    if (!state) throw Open311Error.of(404, `No service request ${serviceRequestId.slice(0, 20)}`);
    return { root: 'service_requests', body: await this.requests([state]) };
  }

  async updates(query: FormValues): Promise<Open311Document> {
    const read = readUpdateSearch(query, this.clock.now());
    if ('problems' in read) throw Open311Error.badInput(read.problems);
    const rows = await visibleUpdates(this.dataSource, this.visibility, read.search);
    return { root: 'service_request_updates', body: rows.map(requestUpdateOf) };
  }

  /** The reports with their service's name, their agency's name and their newest status note, read once for all. */
  private async requests(states: ReportState[]) {
    if (states.length === 0) return [];
    const agencyIds = [...new Set(states.flatMap((state) => (state.agencyId ? [state.agencyId] : [])))];
    const [categories, agencies, notes] = await Promise.all([
      this.registry.categories(),
      agenciesById(this.dataSource, agencyIds),
      statusNotes(
        this.dataSource,
        states.map((state) => state.reportId),
      ),
    ]);
    const agencyNames = new Map(agencies.map((agency) => [agency.id, agency.name]));
    return states.map((state) =>
      serviceRequestOf(state, {
        service: state.category ? (categories.get(state.category)?.name ?? null) : null,
        agency: state.agencyId ? (agencyNames.get(state.agencyId) ?? null) : null,
        statusNote: notes.get(state.reportId) ?? null,
      }),
    );
  }
}
