import { ReportsQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { useApp } from '../app-context';
import type { ReportFilter, ReportStatus } from '../gql/graphql';
import { useT, type TextKey } from '../i18n';
import { href, navigate } from '../router';
import { ErrorNote } from '../ui/error-note';
import { Pager, ReportTable } from '../ui/report-table';
import { REPORT_STATUSES } from '../ui/enums';
import { EnumOptions } from '../ui/enum-options';

type Preset = 'queue' | 'escalated' | 'all';

/** What each list is: its title, the statuses it holds and its order (the queue: the oldest deadline first). */
const PRESETS: Record<Preset, { title: TextKey; status: ReportStatus[] | null; deadlineFirst: boolean }> = {
  queue: { title: 'nav.queue', status: ['SUBMITTED', 'AWAITING_CLARIFICATION'], deadlineFirst: true },
  escalated: { title: 'nav.escalated', status: ['ESCALATED'], deadlineFirst: false },
  all: { title: 'nav.reports', status: null, deadlineFirst: false },
};

const PAGE = 20;

/** Roles that own reports: theirs can be listed alone (filter.mine). */
const OWNERS = new Set(['REPORTER', 'INTEGRATOR']);

/** A list of reports with its filters in the URL, so a filtered list can be bookmarked and shared. */
export function ReportsScreen({ query, preset }: { query: URLSearchParams; preset: Preset }) {
  const t = useT();
  const { viewer } = useApp();
  const { status, deadlineFirst } = PRESETS[preset];
  const title = query.get('mine') === 'true' ? 'nav.myReports' : PRESETS[preset].title;
  const search = query.get('search') ?? '';
  const chosenStatus = query.get('status');
  const filter: ReportFilter = {
    status: status ?? (chosenStatus ? [chosenStatus as ReportStatus] : null),
    search: search || null,
    regionCode: query.get('region') || null,
    overdue: query.get('overdue') === 'true' ? true : null,
    mine: query.get('mine') === 'true' ? true : null,
  };
  const after = query.get('after');
  const answer = useQuery(ReportsQuery, {
    filter,
    orderBy: deadlineFirst && !search ? 'DEADLINE' : null,
    first: PAGE,
    after,
  });
  const base = preset === 'all' ? 'reports' : preset;
  const params = {
    search,
    status: chosenStatus,
    region: query.get('region'),
    overdue: query.get('overdue'),
    mine: query.get('mine'),
  };
  const connection = answer.data?.reports;
  const onFilter = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    navigate(
      href(base, {
        search: value('search'),
        status: value('status'),
        region: value('region'),
        overdue: form.get('overdue') ? 'true' : undefined,
        mine: form.get('mine') ? 'true' : undefined,
      }),
    );
  };
  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">{t(title)}</h1>
      <form class="filters" role="search" onSubmit={onFilter} key={query.toString()}>
        <label class="field">
          <span>{t('search')}</span>
          <input type="search" name="search" defaultValue={search} />
        </label>
        {status ? null : (
          <label class="field">
            <span>{t('status')}</span>
            <select name="status" defaultValue={chosenStatus ?? ''}>
              <EnumOptions values={REPORT_STATUSES} prefix="status" any />
            </select>
          </label>
        )}
        <label class="field">
          <span>{t('regionCode')}</span>
          <input name="region" inputMode="numeric" defaultValue={query.get('region') ?? ''} />
        </label>
        <label class="check">
          <input type="checkbox" name="overdue" defaultChecked={query.get('overdue') === 'true'} /> {t('overdueOnly')}
        </label>
        {viewer && OWNERS.has(viewer.role) ? (
          <label class="check">
            <input type="checkbox" name="mine" defaultChecked={query.get('mine') === 'true'} /> {t('onlyMine')}
          </label>
        ) : null}
        <button type="submit">{t('apply')}</button>
      </form>
      <ErrorNote error={answer.error} />
      {connection && !answer.error ? (
        <>
          <ReportTable reports={connection.edges.map((edge) => edge.node)} caption={t(title)} />
          <Pager
            total={connection.totalCount}
            shown={connection.edges.length}
            first={after ? href(base, params) : null}
            next={
              connection.pageInfo.hasNextPage ? href(base, { ...params, after: connection.pageInfo.endCursor }) : null
            }
          />
        </>
      ) : answer.loading ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : null}
    </section>
  );
}
