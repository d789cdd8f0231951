import { request } from '../api/client';
import { ReportQuery } from '../api/operations';
import { useT } from '../i18n';
import { href, navigate } from '../router';
import { ActionForm, Field, text } from '../ui/action-form';

/** Follow a report by the tracking id the reporter was given (7K3M-9QX2). */
export function TrackScreen() {
  const t = useT();
  return (
    <section aria-labelledby="track-title" class="narrow">
      <h1 id="track-title">{t('nav.track')}</h1>
      <ActionForm
        title="trackHint"
        submit="find"
        run={async (form) => {
          const { report } = await request(ReportQuery, { trackingId: text(form, 'trackingId') });
          navigate(href('report', report.trackingId));
        }}
      >
        <Field label="trackingId">
          <input name="trackingId" required autocomplete="off" placeholder="7K3M-9QX2" />
        </Field>
      </ActionForm>
      <p class="muted">{t('trackPrivacy')}</p>
    </section>
  );
}
