import { useEffect, useRef, useState } from 'preact/hooks';
import { subscribe } from '../api/client';
import { ReportQuery, ReportUpdated, TimelineQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { useApp } from '../app-context';
import type { ReportFieldsFragment } from '../gql/graphql';
import { useLang, useT, type TextKey } from '../i18n';
import { href } from '../router';
import { ErrorNote } from '../ui/error-note';
import { formatInstant, useFormat } from '../ui/format';
import { NextDeadline, StatusBadge } from '../ui/report-bits';
import { ReportActions } from './report-actions';

/** One report: what it says, where it is, its timeline (live), and what the signed-in person may do to it. */
export function ReportDetailScreen({ trackingId }: { trackingId: string }) {
  const t = useT();
  const report = useQuery(ReportQuery, { trackingId });
  const [minPosition, setMinPosition] = useState<string | null>(null);
  const timeline = useQuery(TimelineQuery, { trackingId, minPosition });
  const [announcement, setAnnouncement] = useState('');
  const [livePaused, setLivePaused] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const current = report.data?.report ?? null;
  // The newest version shown, read by the subscription's callback (which outlives renders): a message
  // replayed after a reconnect, or older than what a mutation answered, is not shown again.
  const shownVersion = useRef(0);
  shownVersion.current = Math.max(shownVersion.current, current?.version ?? 0);
  const lastPosition = timeline.data?.reportTimeline.at(-1)?.position ?? null;

  const show = (next: ReportFieldsFragment, position: string | null, acted: boolean) => {
    if (next.version <= shownVersion.current) return;
    shownVersion.current = next.version;
    report.setData({ report: next });
    if (position) setMinPosition(position);
    setAnnouncement(t('liveUpdate', next.version, t(`status.${next.status}` as TextKey)));
    // The form that acted is gone with the action; the person lands on the report again.
    if (acted) heading.current?.focus();
  };

  useEffect(() => {
    if (!lastPosition) return;
    return subscribe(
      ReportUpdated,
      { trackingId, afterPosition: lastPosition },
      ({ reportUpdated }) => {
        setLivePaused(false);
        show(reportUpdated, reportUpdated.position ?? null, false);
      },
      () => setLivePaused(true),
    );
    // One subscription per report, resumed from the timeline's newest event once it has loaded.
  }, [trackingId, lastPosition !== null]);

  if (report.error) return <ErrorNote error={report.error} />;
  if (!current) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <article aria-labelledby="report-title">
      <p class="crumbs">
        <a href={href('reports')}>{t('nav.reports')}</a> › {current.trackingId}
      </p>
      <h1 id="report-title" tabIndex={-1} ref={heading}>
        {current.title}
      </h1>
      <p aria-live="polite" class="live">
        {announcement}
      </p>
      {livePaused ? <p class="note">{t('livePaused')}</p> : null}
      <ReportSummary report={current} />
      <ReportActions report={current} onDone={(next, position) => show(next, position, true)} />
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t('timeline')}</h2>
        <ErrorNote error={timeline.error} />
        <Timeline entries={timeline.data?.reportTimeline ?? []} />
      </section>
    </article>
  );
}

/** Who may read a report's full history (reportHistory, reportAt, the audit bundle). */
const AUDITORS = new Set(['OMBUDSMAN', 'ADMIN']);

function ReportSummary({ report }: { report: ReportFieldsFragment }) {
  const t = useT();
  const { viewer } = useApp();
  const format = useFormat();
  return (
    <section class="summary" aria-label={t('summary')}>
      <dl>
        <dt>{t('trackingId')}</dt>
        <dd>
          <strong>{report.trackingId}</strong>
        </dd>
        <dt>{t('status')}</dt>
        <dd>
          <StatusBadge status={report.status} /> {report.disputed ? t('disputed') : ''}
          {report.closedReason ? ` · ${t(`closedReason.${report.closedReason}` as TextKey)}` : ''}
        </dd>
        <dt>{t('kind')}</dt>
        <dd>
          {t(`kind.${report.kind}` as TextKey)} · {t(`channel.${report.channel}` as TextKey)}
        </dd>
        <dt>{t('category')}</dt>
        <dd>{report.category ?? '—'}</dd>
        <dt>{t('agency')}</dt>
        <dd>{report.agency?.name ?? '—'}</dd>
        <dt>{t('submittedAt')}</dt>
        <dd>{formatInstant(report.submittedAt, format)}</dd>
        <dt>{t('deadline')}</dt>
        <dd>
          <NextDeadline report={report} />
        </dd>
        <dt>{t('location')}</dt>
        <dd>{[report.location?.address, report.location?.regionCode].filter(Boolean).join(' · ') || '—'}</dd>
        {report.rating ? (
          <>
            <dt>{t('rating')}</dt>
            <dd>{'★'.repeat(report.rating)}</dd>
          </>
        ) : null}
      </dl>
      <p class="description">{report.description}</p>
      {report.attachments.length ? (
        <ul class="attachments" aria-label={t('attachments')}>
          {report.attachments.map((attachment) => (
            <li key={attachment.url}>
              <a href={attachment.url} rel="noopener noreferrer" target="_blank">
                {attachment.name}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {report.confidential ? <p class="note">{t('confidentialNote')}</p> : null}
      {report.importedFrom ? (
        <p class="note">{t('importedNote', report.importedFrom.source, report.importedFrom.originalId)}</p>
      ) : null}
      {report.allowedActions.length === 0 ? null : <p class="muted">{t('actionsBelow')}</p>}
      {viewer && AUDITORS.has(viewer.role) ? (
        <p>
          <a href={href('report', report.trackingId, 'audit')}>{t('auditTrail')}</a>
        </p>
      ) : null}
    </section>
  );
}

function Timeline({
  entries,
}: {
  entries: {
    importedFrom?: string | null;
    version: number;
    occurredAt: string;
    actorRole: string;
    descriptionId: string;
    descriptionEn: string;
    toStatus: string;
  }[];
}) {
  const { lang } = useLang();
  const t = useT();
  const format = useFormat();
  if (entries.length === 0) return <p class="empty">{t('noEvents')}</p>;
  return (
    <ol class="timeline">
      {entries.map((entry) => (
        <li key={entry.version}>
          <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt, format)}</time>{' '}
          <span class="muted">
            {t(`role.${entry.actorRole}` as TextKey)}
            {entry.importedFrom ? ` · ${t('imported')}` : ''}
          </span>
          <p>{lang === 'id' ? entry.descriptionId : entry.descriptionEn}</p>
          <StatusBadge status={entry.toStatus} />
        </li>
      ))}
    </ol>
  );
}
