import { useT } from '../i18n';
import { href } from '../router';

export function NotFound() {
  const t = useT();
  return (
    <section>
      <h1>{t('notFound')}</h1>
      <p>
        <a href={href()}>{t('nav.dashboard')}</a>
      </p>
    </section>
  );
}
