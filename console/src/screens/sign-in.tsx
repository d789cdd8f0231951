import { useState } from 'preact/hooks';
import { request } from '../api/client';
import { IssueDevelopmentToken } from '../api/operations';
import { useApp } from '../app-context';
import { useT, type TextKey } from '../i18n';
import { href, navigate } from '../router';
import { storeCredential } from '../session';
import { ActionForm, Field, optional, text } from '../ui/action-form';
import { AgencyPicker } from '../ui/agency-picker';
import { EnumOptions } from '../ui/enum-options';

const ROLES = ['ADMIN', 'AGENCY_ADMIN', 'LIAISON_OFFICER', 'OMBUDSMAN', 'REPORTER', 'INTEGRATOR'];
const AGENCY_ROLES = new Set(['AGENCY_ADMIN', 'LIAISON_OFFICER']);

/** Where each role starts after signing in. */
const HOME: Record<string, string> = {
  ADMIN: href('queue'),
  AGENCY_ADMIN: href('inbox'),
  LIAISON_OFFICER: href('inbox'),
  OMBUDSMAN: href('escalated'),
  REPORTER: href('reports', { mine: 'true' }),
  INTEGRATOR: href('reports'),
};

/** Paste a bearer token or an API key; in development only, pick a role and get a development token. */
export function SignInScreen() {
  const t = useT();
  const { viewer, signIn } = useApp();
  const [role, setRole] = useState('ADMIN');
  const enter = async (credential: Parameters<typeof signIn>[0]) => {
    const signedIn = await signIn(credential);
    navigate(HOME[signedIn.role] ?? href());
  };
  return (
    <section aria-labelledby="signin-title" class="narrow">
      <h1 id="signin-title">{t('nav.signIn')}</h1>
      {viewer && viewer.role !== 'PUBLIC' ? (
        <p>
          {t('signedInAs', t(`role.${viewer.role}` as TextKey), viewer.id)}{' '}
          <button
            type="button"
            onClick={() => {
              // Forgotten first: signing out never fails, even while the service cannot be reached.
              storeCredential(null);
              enter(null).catch(() => location.reload());
            }}
          >
            {t('signOut')}
          </button>
        </p>
      ) : null}
      <ActionForm
        title="signInWithCredential"
        submit="nav.signIn"
        run={async (form) => {
          const value = text(form, 'credential').replace(/^Bearer\s+/i, '');
          await enter({ kind: form.get('kind') === 'apiKey' ? 'apiKey' : 'token', value });
        }}
      >
        <fieldset class="inline">
          <legend>{t('credentialKind')}</legend>
          <label>
            <input type="radio" name="kind" value="token" defaultChecked /> {t('bearerToken')}
          </label>
          <label>
            <input type="radio" name="kind" value="apiKey" /> {t('apiKey')}
          </label>
        </fieldset>
        <Field label="credential">
          <textarea name="credential" rows={3} required autocomplete="off" spellcheck={false} />
        </Field>
      </ActionForm>
      {viewer?.developmentSignIn ? (
        <ActionForm
          title="developmentSignIn"
          submit="nav.signIn"
          run={async (form) => {
            const { issueDevelopmentToken } = await request(IssueDevelopmentToken, {
              input: { role, agencyId: AGENCY_ROLES.has(role) ? optional(form, 'agencyId') : null },
            });
            await enter({ kind: 'token', value: issueDevelopmentToken.token });
          }}
        >
          <p class="note">{t('developmentOnly')}</p>
          <Field label="role">
            <select name="role" value={role} onChange={(event) => setRole(event.currentTarget.value)}>
              <EnumOptions values={ROLES} prefix="role" />
            </select>
          </Field>
          {AGENCY_ROLES.has(role) ? <AgencyPicker /> : null}
        </ActionForm>
      ) : null}
    </section>
  );
}
