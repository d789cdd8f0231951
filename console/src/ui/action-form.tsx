import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { useT, type TextKey } from '../i18n';
import { ErrorNote } from './error-note';

/**
 * A form that runs one call: it keeps what was typed when the API refuses, shows the API's message
 * under it, and marks the field the API named (by its input name) as invalid.
 */
export function ActionForm({
  title,
  submit,
  run,
  children,
  danger,
}: {
  title: TextKey;
  submit: TextKey;
  run: (form: FormData) => Promise<unknown>;
  children?: ComponentChildren;
  danger?: boolean;
}) {
  const t = useT();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `form-${title.replace(/\W/g, '-')}`;
  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    for (const field of form.querySelectorAll('[aria-invalid]')) {
      field.removeAttribute('aria-invalid');
      field.removeAttribute('aria-describedby');
    }
    setBusy(true);
    try {
      await run(new FormData(form));
      setError(null);
      form.reset();
    } catch (failure) {
      const apiError = failure instanceof ApiError ? failure : new ApiError(String(failure), 'ERROR');
      setError(apiError);
      const named = apiError.field ? form.querySelector(`[name="${CSS.escape(apiError.field)}"]`) : null;
      named?.setAttribute('aria-invalid', 'true');
      named?.setAttribute('aria-describedby', `${id}-error`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="action" onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t(title)}</h3>
      {children}
      <ErrorNote error={error} id={`${id}-error`} />
      <button type="submit" disabled={busy} class={danger ? 'danger' : undefined}>
        {busy ? t('working') : t(submit)}
      </button>
    </form>
  );
}

/** A labelled control; the label is tied to it for screen readers. */
export function Field({ label, children, hint }: { label: TextKey; children: ComponentChildren; hint?: string }) {
  const t = useT();
  return (
    <label class="field">
      <span>{t(label)}</span>
      {children}
      {hint ? <small>{hint}</small> : null}
    </label>
  );
}

export const text = (form: FormData, name: string): string => String(form.get(name) ?? '').trim();
export const optional = (form: FormData, name: string): string | null => text(form, name) || null;
