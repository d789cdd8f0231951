import { DashboardQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { isStaff, useApp } from '../app-context';
import type { AgencyType, RankingOrder, TrendInterval } from '../gql/graphql';
import { useT, type TextKey } from '../i18n';
import { href, navigate } from '../router';
import { AGENCY_TYPES, RANKING_ORDERS, TREND_INTERVALS } from '../ui/enums';
import { ErrorNote } from '../ui/error-note';
import { addDays, percent, wibDay } from '../ui/format';
import { TrendChart } from '../ui/trend-chart';
import { EnumOptions } from '../ui/enum-options';

/** The period, region and agency type of the figures, from the URL (bookmarkable) or the last 90 days. */
function settings(query: URLSearchParams) {
  const today = wibDay(new Date());
  const to = query.get('to') ?? addDays(today, 1);
  return {
    from: query.get('from') ?? addDays(to, -90),
    to,
    interval: (query.get('interval') ?? 'WEEK') as TrendInterval,
    region: query.get('region') ?? '',
    type: (query.get('type') ?? '') as AgencyType | '',
    orderBy: (query.get('orderBy') ?? 'FOLLOW_UP_RATE') as RankingOrder,
    after: query.get('after'),
  };
}

/** Public figures for everyone, the overdue count for staff; each figure is the API's, as it answered. */
export function DashboardScreen({ query }: { query: URLSearchParams }) {
  const t = useT();
  const { viewer } = useApp();
  const s = settings(query);
  const ranking = { type: s.type || null, regionCode: s.region || null };
  const answer = useQuery(DashboardQuery, {
    from: s.from,
    to: s.to,
    interval: s.interval,
    regionCode: s.region || null,
    agencyType: s.type || null,
    ranking,
    counts: {
      regionCode: s.region || null,
      agencyType: s.type || null,
      submittedFrom: `${s.from}T00:00:00+07:00`,
      submittedTo: `${s.to}T00:00:00+07:00`,
    },
    // The year of the period's last day (to is the first day not counted).
    year: Number(addDays(s.to, -1).slice(0, 4)),
    orderBy: s.orderBy,
    after: s.after,
  });
  const data = answer.data;
  const params = { from: s.from, to: s.to, interval: s.interval, region: s.region, type: s.type, orderBy: s.orderBy };
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '') || undefined;
    navigate(
      href({
        from: value('from'),
        to: value('to'),
        interval: value('interval'),
        region: value('region'),
        type: value('type'),
        orderBy: value('orderBy'),
      }),
    );
  };
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('nav.dashboard')}</h1>
      <form class="filters" onSubmit={apply} aria-label={t('filters')} key={query.toString()}>
        <label class="field">
          <span>{t('from')}</span>
          <input type="date" name="from" defaultValue={s.from} required />
        </label>
        <label class="field">
          <span>{t('to')}</span>
          <input type="date" name="to" defaultValue={s.to} required />
        </label>
        <label class="field">
          <span>{t('interval')}</span>
          <select name="interval" defaultValue={s.interval}>
            <EnumOptions values={TREND_INTERVALS} prefix="interval" />
          </select>
        </label>
        <label class="field">
          <span>{t('regionCode')}</span>
          <input name="region" inputMode="numeric" defaultValue={s.region} />
        </label>
        <label class="field">
          <span>{t('agencyType')}</span>
          <select name="type" defaultValue={s.type}>
            <EnumOptions values={AGENCY_TYPES} prefix="agencyType" any />
          </select>
        </label>
        <input type="hidden" name="orderBy" value={s.orderBy} />
        <button type="submit">{t('apply')}</button>
      </form>
      <ErrorNote error={answer.error} />
      {data ? (
        <>
          <ul class="tiles" aria-label={t('figures')}>
            <Tile label="tile.received" value={String(data.performanceSummary.received)} name="received" />
            <Tile label="tile.followedUp" value={percent(data.performanceSummary.followUpRate)} name="followUpRate" />
            <Tile label="tile.resolved" value={percent(data.performanceSummary.resolutionRate)} name="resolutionRate" />
            <Tile label="tile.sla" value={percent(data.performanceSummary.slaCompliance)} name="slaCompliance" />
            {isStaff(viewer) ? (
              <Tile label="tile.overdue" value={String(data.reportCounts.overdue)} name="overdue" />
            ) : null}
          </ul>
          <section aria-labelledby="trend-title">
            <h2 id="trend-title">{t('trend')}</h2>
            <TrendChart
              incoming={s.type ? 'dispositionedCount' : 'submittedCount'}
              points={data.reportTrend.map((p) => ({
                period: p.period,
                incoming: s.type ? p.dispositioned : p.submitted,
                resolved: p.resolved,
              }))}
            />
          </section>
          <div class="columns">
            <section aria-labelledby="mix-title">
              <h2 id="mix-title">{t('statusMix')}</h2>
              <ul class="bars">
                {data.reportCounts.byStatus.map(({ value, count }) => (
                  <li key={value} data-status={value}>
                    <span>{t(`status.${value}` as TextKey)}</span>
                    <meter min={0} max={data.reportCounts.total || 1} value={count} />
                    <strong data-figure={`status-${value}`}>{count}</strong>
                  </li>
                ))}
              </ul>
            </section>
            <section aria-labelledby="topics-title">
              <h2 id="topics-title">{t('topTopics')}</h2>
              <ol class="topics">
                {data.topicStatistics.map((topic) => (
                  <li key={topic.category ?? 'none'}>
                    {topic.categoryName ?? t('uncategorised')} <strong>{topic.reports}</strong>
                  </li>
                ))}
              </ol>
            </section>
          </div>
          <section aria-labelledby="ranking-title">
            <h2 id="ranking-title">{t('ranking')}</h2>
            <label class="field inline">
              <span>{t('orderBy')}</span>
              <select
                value={s.orderBy}
                onChange={(event) => navigate(href({ ...params, orderBy: event.currentTarget.value }))}
              >
                <EnumOptions values={RANKING_ORDERS} prefix="rankingOrder" />
              </select>
            </label>
            <div class="table-wrap">
              <table>
                <caption>{t('rankingCaption', s.from, s.to)}</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('agency')}</th>
                    <th scope="col">{t('tile.received')}</th>
                    <th scope="col">{t('tile.followedUp')}</th>
                    <th scope="col">{t('tile.resolved')}</th>
                    <th scope="col">{t('tile.sla')}</th>
                    <th scope="col">{t('rating')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.agencyRanking.edges.map(({ node }) => (
                    <tr key={node.agencyId}>
                      <td>{node.rank}</td>
                      <td>{node.name}</td>
                      <td>{node.received}</td>
                      <td>{percent(node.followUpRate)}</td>
                      <td>{percent(node.resolutionRate)}</td>
                      <td>{percent(node.slaCompliance)}</td>
                      <td>{node.averageSatisfaction?.toFixed(2) ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav class="pager" aria-label={t('paging')}>
              <span>{t('shownOf', data.agencyRanking.edges.length, data.agencyRanking.totalCount)}</span>
              {s.after ? <a href={href(params)}>{t('firstPage')}</a> : null}
              {data.agencyRanking.pageInfo.hasNextPage ? (
                <a href={href({ ...params, after: data.agencyRanking.pageInfo.endCursor })}>{t('nextPage')}</a>
              ) : null}
            </nav>
          </section>
          <section aria-labelledby="connectivity-title">
            <h2 id="connectivity-title">{t('connectivity', data.connectivitySummary.year)}</h2>
            <ul class="tiles small">
              {data.connectivitySummary.byType.map((row) => (
                <li key={row.type}>
                  <span>{t(`agencyType.${row.type}` as TextKey)}</span>
                  <strong data-figure={`connected-${row.type}`}>{row.connected}</strong>
                  <small>{t('newlyConnected', row.newlyConnected)}</small>
                </li>
              ))}
              <li>
                <span>{t('total')}</span>
                <strong data-figure="connected-total">{data.connectivitySummary.total.connected}</strong>
              </li>
            </ul>
          </section>
        </>
      ) : (
        <p aria-busy="true">{t('loading')}</p>
      )}
    </section>
  );
}

function Tile({ label, value, name }: { label: TextKey; value: string; name: string }) {
  const t = useT();
  return (
    <li>
      <span>{t(label)}</span>
      <strong data-figure={name}>{value}</strong>
    </li>
  );
}
