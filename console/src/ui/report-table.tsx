import type { ReportFieldsFragment } from '../gql/graphql';
import { useT, type TextKey } from '../i18n';
import { href } from '../router';
import { formatInstant, useFormat } from './format';
import { NextDeadline, StatusBadge } from './report-bits';

/** Reports as rows: tracking id (a link to the report), title, status, agency, the running deadline. */
export function ReportTable({ reports, caption }: { reports: ReportFieldsFragment[]; caption: string }) {
  const t = useT();
  const format = useFormat();
  if (reports.length === 0) return <p class="empty">{t('noReports')}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('trackingId')}</th>
            <th scope="col">{t('title')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('agency')}</th>
            <th scope="col">{t('submittedAt')}</th>
            <th scope="col">{t('deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((report) => (
            <tr key={report.id}>
              <td>
                <a href={href('report', report.trackingId)}>{report.trackingId}</a>
              </td>
              <td>
                {report.title}
                <small class="muted">
                  {' '}
                  · {t(`kind.${report.kind}` as TextKey)}
                  {report.importedFrom ? ` · ${t('imported')}` : ''}
                </small>
              </td>
              <td>
                <StatusBadge status={report.status} />
              </td>
              <td>{report.agency?.name ?? '—'}</td>
              <td>{formatInstant(report.submittedAt, format)}</td>
              <td>
                <NextDeadline report={report} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Cursor paging kept in the URL: the first page, and the next one after the last row shown. */
export function Pager({
  total,
  shown,
  next,
  first,
}: {
  total: number;
  shown: number;
  next: string | null;
  first: string | null;
}) {
  const t = useT();
  return (
    <nav class="pager" aria-label={t('paging')}>
      <span>{t('shownOf', shown, total)}</span>
      {first ? <a href={first}>{t('firstPage')}</a> : null}
      {next ? (
        <a href={next} rel="next">
          {t('nextPage')}
        </a>
      ) : null}
    </nav>
  );
}
