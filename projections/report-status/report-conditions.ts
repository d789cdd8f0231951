/**
 * The WHERE of every query over report_status that a caller's filter and visibility decide: the
 * search, its counts and totals, and the statistics.
 */

/**
 * Which rows a caller may see, as the access policy worked it out for them (src/auth/access-policy.ts,
 * visibilityOf): every row, or any row that one of the alternatives covers.
 */
export interface Visibility {
  all: boolean;
  nonConfidential: boolean;
  /** Reports with this agency. */
  agencyId: string | null;
  /** Reports this reporter principal owns. */
  reporter: string | null;
  /** Reports this integrator principal submitted, limited (an API key's agencies) to not yet routed or routed to these. */
  submitter: { principal: string; agencies: readonly string[] | null } | null;
}

export interface ReportSearchFilter {
  status?: string[] | null;
  kind?: string | null;
  agencyId?: string | null;
  /** Reports with an agency of this type (AgencyType). */
  agencyType?: string | null;
  unitId?: string | null;
  category?: string | null;
  channel?: string | null;
  /** A Kemendagri region code or a prefix of one (13 covers 13.76). */
  regionCode?: string | null;
  submittedFrom?: string | null;
  submittedTo?: string | null;
  overdue?: boolean | null;
  /** Imported from a legacy system (true) or recorded live (false). */
  imported?: boolean | null;
  /** Words to find in the title and description (Indonesian stemming, web-search syntax). */
  search?: string | null;
}

/** A search's words as PostgreSQL's Indonesian web-search query; $QUERY is its parameter. */
export const QUERY = `websearch_to_tsquery('indonesian', $QUERY)`;

/** The filter and the caller's visibility as conditions over report_status, their values added to `values`. */
export function reportConditions(visibility: Visibility, filter: ReportSearchFilter | null, values: unknown[] = []) {
  const where: string[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const add = (sql: (p: string) => string, value: unknown) => where.push(sql(bind(value)));
  const visible = visibilitySql(visibility, bind);
  if (visible) where.push(visible);
  if (filter?.status?.length) add((p) => `status = ANY(${p})`, filter.status);
  if (filter?.kind) add((p) => `kind = ${p}`, filter.kind);
  if (filter?.agencyId) add((p) => `agency_id = ${p}`, filter.agencyId);
  if (filter?.agencyType)
    add(
      // The types report-status keeps beside its rows (as its count cells do), not another read model's.
      (p) => `agency_id IN (SELECT agency_id FROM report_agency_types WHERE agency_type = ${p})`,
      filter.agencyType,
    );
  if (filter?.unitId) add((p) => `unit_id = ${p}`, filter.unitId);
  if (filter?.category) add((p) => `category = ${p}`, filter.category);
  if (filter?.channel) add((p) => `channel = ${p}`, filter.channel);
  if (filter?.regionCode) add(inRegion, filter.regionCode);
  if (filter?.submittedFrom) add((p) => `submitted_at >= ${p}`, filter.submittedFrom);
  if (filter?.submittedTo) add((p) => `submitted_at < ${p}`, filter.submittedTo);
  if (filter?.overdue != null) add((p) => `overdue = ${p}`, filter.overdue);
  if (filter?.imported != null) where.push(filter.imported ? 'import_source IS NOT NULL' : 'import_source IS NULL');
  if (filter?.search) add((p) => `search_vector @@ ${QUERY.replace('$QUERY', p)}`, filter.search);
  return { where, values, bind };
}

/**
 * A region code or a prefix of one: as a byte-order range first (`13` ≤ code < `13/`), which
 * report_status_region_idx answers, then exactly.
 */
function inRegion(p: string): string {
  return `(region_code COLLATE "C" >= ${p} AND region_code COLLATE "C" < ${p} || '/' AND (region_code = ${p} OR region_code LIKE ${p} || '.%'))`;
}

/** Statistics count every report, confidential ones included. */
export const EVERY_ROW: Visibility = {
  all: true,
  nonConfidential: false,
  agencyId: null,
  reporter: null,
  submitter: null,
};

/** The visibility as a condition over report_status; null when every row is visible. */
function visibilitySql(visibility: Visibility, bind: (value: unknown) => string): string | null {
  if (visibility.all) return null;
  const alternatives: string[] = [];
  if (visibility.nonConfidential) alternatives.push('NOT confidential');
  if (visibility.agencyId !== null) alternatives.push(`agency_id = ${bind(visibility.agencyId)}`);
  if (visibility.reporter !== null) alternatives.push(`state->>'reporterId' = ${bind(visibility.reporter)}`);
  if (visibility.submitter !== null) {
    const { principal, agencies } = visibility.submitter;
    const reach = agencies ? ` AND (agency_id IS NULL OR agency_id = ANY(${bind(agencies)}))` : '';
    alternatives.push(`(state->>'submittedBy' = ${bind(principal)}${reach})`);
  }
  return alternatives.length ? `(${alternatives.join(' OR ')})` : 'FALSE';
}
