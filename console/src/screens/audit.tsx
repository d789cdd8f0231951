import { useState } from 'preact/hooks';
import { request, type ApiError } from '../api/client';
import { AuditBundleQuery, HistoryQuery, ReportAtQuery } from '../api/operations';
import { useQuery } from '../api/use-query';
import { useT, type TextKey } from '../i18n';
import { href, navigate } from '../router';
import { ErrorNote } from '../ui/error-note';
import { formatInstant, useFormat } from '../ui/format';
import { StatusBadge } from '../ui/report-bits';

/**
 * For the Ombudsman (and admins): every event with its hash, the chain's verdict, the report as it
 * stood at any version (a slider) or moment, and the audit bundle to check offline.
 */
export function AuditScreen({ trackingId, query }: { trackingId: string; query: URLSearchParams }) {
  const t = useT();
  const format = useFormat(true);
  const history = useQuery(HistoryQuery, { trackingId });
  const events = history.data?.reportHistory ?? [];
  const asOf = wibInstant(query.get('asOf'));
  const version = Number(query.get('version')) || events.length || null;
  const at = useQuery(ReportAtQuery, events.length ? (asOf ? { trackingId, asOf } : { trackingId, version }) : null);
  const [bundleError, setBundleError] = useState<ApiError | null>(null);
  const go = (params: Record<string, string | undefined>) => navigate(href('report', trackingId, 'audit', params));
  // Each step of the slider replaces the place in the history instead of adding one per step.
  const slide = (to: string) => location.replace(href('report', trackingId, 'audit', { version: to }));

  const download = async () => {
    try {
      const { auditBundle } = await request(AuditBundleQuery, { trackingId });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([auditBundle], { type: 'application/json' }));
      link.download = `audit-${trackingId}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
      setBundleError(null);
    } catch (error) {
      setBundleError(error as ApiError);
    }
  };

  if (history.error) return <ErrorNote error={history.error} />;
  const verdict = history.data?.verifyReport;
  const stood = at.data?.reportAt;
  return (
    <article aria-labelledby="audit-title">
      <p class="crumbs">
        <a href={href('report', trackingId)}>{trackingId}</a> › {t('auditTrail')}
      </p>
      <h1 id="audit-title">
        {t('auditTrail')} {trackingId}
      </h1>
      {verdict ? (
        <p class={verdict.ok ? 'verdict ok' : 'verdict broken'} role="status">
          {verdict.ok ? t('chainIntact', verdict.version) : t('chainBroken', verdict.version, verdict.reason ?? '')}
        </p>
      ) : null}
      <p>
        <button type="button" onClick={() => void download()}>
          {t('downloadBundle')}
        </button>
      </p>
      <ErrorNote error={bundleError} />
      {events.length ? (
        <section aria-labelledby="as-of-title" class="as-of">
          <h2 id="as-of-title">{t('asItStood')}</h2>
          <label class="field">
            <span>{t('version')}</span>
            <input
              type="range"
              min={1}
              max={events.length}
              value={asOf ? events.length : (version ?? events.length)}
              onInput={(event) => slide(event.currentTarget.value)}
              aria-valuetext={`${t('version')} ${version}`}
            />
            <output>{asOf ? '—' : `${version} / ${events.length}`}</output>
          </label>
          <form
            class="inline"
            onSubmit={(event) => {
              event.preventDefault();
              const value = new FormData(event.currentTarget).get('asOf');
              go({ asOf: value ? String(value) : undefined });
            }}
          >
            <label class="field">
              <span>{t('atMoment')}</span>
              <input type="datetime-local" name="asOf" step={1} defaultValue={query.get('asOf') ?? ''} />
            </label>
            <button type="submit">{t('show')}</button>
          </form>
          <ErrorNote error={at.error} />
          {stood ? (
            <p class="stood">
              {t('version')} {stood.version}: <StatusBadge status={stood.status} /> · {stood.agency?.name ?? '—'} ·{' '}
              {t('followUps')} {stood.followUps}
            </p>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="events-title">
        <h2 id="events-title">{t('history')}</h2>
        <div class="table-wrap">
          <table>
            <caption>{t('historyCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('event')}</th>
                <th scope="col">{t('actor')}</th>
                <th scope="col">{t('occurredAt')}</th>
                <th scope="col">{t('recordedAt')}</th>
                <th scope="col">{t('hash')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.streamVersion}>
                  <td>{event.streamVersion}</td>
                  <td>{event.type}</td>
                  <td>
                    {t(`role.${event.actorRole}` as TextKey)} <small class="muted">{event.actorId}</small>
                  </td>
                  <td>{formatInstant(event.occurredAt, format)}</td>
                  <td>{formatInstant(event.recordedAt, format)}</td>
                  <td>
                    <code title={event.hash}>{event.hash.slice(0, 12)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </article>
  );
}

/** A datetime-local value read as WIB (the label says so, whatever the browser's own zone), or null when it is not one. */
function wibInstant(value: string | null): string | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const instant = new Date(`${value.length === 16 ? `${value}:00` : value}+07:00`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}
