import { AgencyPerformanceProjection } from './agency-performance/agency-performance.projection.js';
import { AgencyDirectoryProjection } from './agency-directory/agency-directory.projection.js';
import { ReportStatusProjection } from './report-status/report-status.projection.js';
import { ReportTrendProjection } from './report-trend/report-trend.projection.js';
import { ReportTimelineProjection } from './report-timeline/report-timeline.projection.js';
import type { Projection } from '../src/kernel/projection.js';

/** Every read model the service keeps, in the order their status is listed. */
export function allProjections(): Projection[] {
  return [
    new ReportStatusProjection(),
    new ReportTimelineProjection(),
    new AgencyDirectoryProjection(),
    new AgencyPerformanceProjection(),
    new ReportTrendProjection(),
  ];
}
