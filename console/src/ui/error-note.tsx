import type { ApiError } from '../api/client';
import { useT } from '../i18n';

/** The API's own message, where the person is looking, announced to screen readers. */
export function ErrorNote({ error, id }: { error: ApiError | null; id?: string }) {
  const t = useT();
  if (!error) return null;
  return (
    <p class="error" role="alert" id={id}>
      <strong>{t('error')}</strong> {error.message} <code>{error.code}</code>
    </p>
  );
}
