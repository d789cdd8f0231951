import { useState } from 'preact/hooks';
import { request } from '../api/client';
import { SubmitReport } from '../api/operations';
import { useApp } from '../app-context';
import type { ReportKind } from '../gql/graphql';
import { useT } from '../i18n';
import { href } from '../router';
import { ActionForm, Field, optional, text } from '../ui/action-form';
import { CategorySelect } from '../ui/category-select';
import { REPORT_KINDS } from '../ui/enums';
import { EnumSelect } from '../ui/enum-select';

/** A citizen's report: kind, category, what happened, where, and whether their name may be shown. */
export function SubmitScreen() {
  const t = useT();
  const { viewer } = useApp();
  const [submitted, setSubmitted] = useState<string | null>(null);
  // One key per form shown: a retried submission is the same report, never a second one.
  const [idempotencyKey, setKey] = useState(() => crypto.randomUUID());
  if (submitted)
    return (
      <section class="narrow" aria-labelledby="submitted-title">
        <h1 id="submitted-title" tabIndex={-1} ref={(heading) => heading?.focus()}>
          {t('submitted')}
        </h1>
        <p role="status">
          {t('yourTrackingId')} <strong class="tracking">{submitted}</strong>
        </p>
        <p>
          <a href={href('report', submitted)}>{t('followIt')}</a> ·{' '}
          <button type="button" class="link" onClick={() => (setSubmitted(null), setKey(crypto.randomUUID()))}>
            {t('submitAnother')}
          </button>
        </p>
      </section>
    );
  return (
    <section aria-labelledby="submit-title" class="narrow">
      <h1 id="submit-title">{t('nav.submit')}</h1>
      <ActionForm
        title="submitHint"
        submit="submit"
        run={async (form) => {
          const region = optional(form, 'regionCode');
          const address = optional(form, 'address');
          const { submitReport } = await request(SubmitReport, {
            input: {
              kind: text(form, 'kind') as ReportKind,
              title: text(form, 'title'),
              description: text(form, 'description'),
              category: optional(form, 'category'),
              location: region || address ? { regionCode: region, address } : null,
              anonymous: form.get('anonymous') === 'on',
              confidential: form.get('confidential') === 'on',
              reporter:
                viewer?.role === 'PUBLIC' && optional(form, 'email')
                  ? { name: optional(form, 'name'), email: optional(form, 'email') }
                  : null,
              idempotencyKey,
            },
          });
          setSubmitted(submitReport.report.trackingId);
        }}
      >
        <EnumSelect name="kind" label="kind" values={REPORT_KINDS} prefix="kind" />
        <CategorySelect name="category" optional />
        <Field label="title">
          <input name="title" required maxLength={200} />
        </Field>
        <Field label="description">
          <textarea name="description" rows={6} required />
        </Field>
        <Field label="regionCode" hint={t('regionHint')}>
          <input name="regionCode" inputMode="numeric" />
        </Field>
        <Field label="address">
          <input name="address" />
        </Field>
        {viewer?.role === 'PUBLIC' ? (
          <>
            <Field label="name">
              <input name="name" autocomplete="name" />
            </Field>
            <Field label="email">
              <input name="email" type="email" autocomplete="email" />
            </Field>
          </>
        ) : null}
        <label class="check">
          <input type="checkbox" name="anonymous" /> {t('anonymous')} <small class="muted">{t('anonymousHint')}</small>
        </label>
        <label class="check">
          <input type="checkbox" name="confidential" /> {t('confidential')}{' '}
          <small class="muted">{t('confidentialHint')}</small>
        </label>
      </ActionForm>
    </section>
  );
}
