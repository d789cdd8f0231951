import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from './app-context';
import { useLang, useT, type TextKey } from './i18n';
import { href, type Route } from './router';

/** Where each role works: the links in the header, the first one its home. */
const NAVIGATION: Record<string, [TextKey, string][]> = {
  ADMIN: [
    ['nav.queue', href('queue')],
    ['nav.reports', href('reports')],
  ],
  AGENCY_ADMIN: [['nav.inbox', href('inbox')]],
  LIAISON_OFFICER: [['nav.inbox', href('inbox')]],
  OMBUDSMAN: [
    ['nav.escalated', href('escalated')],
    ['nav.reports', href('reports')],
  ],
  REPORTER: [['nav.myReports', href('reports', { mine: 'true' })]],
  INTEGRATOR: [['nav.reports', href('reports')]],
};

export function Layout({ route, children }: { route: Route; children: ComponentChildren }) {
  const t = useT();
  const { lang, setLang } = useLang();
  const { viewer } = useApp();
  const links: [TextKey, string][] = [
    ['nav.dashboard', href()],
    ...(viewer ? (NAVIGATION[viewer.role] ?? []) : []),
    ['nav.submit', href('submit')],
    ['nav.track', href('track')],
  ];
  const here = `#/${route.path.join('/')}`;
  const main = useRef<HTMLElement>(null);
  const arrived = useRef(false);
  // A new place moves the focus to its content, as a page load would (not on the first load).
  useEffect(() => {
    if (arrived.current) main.current?.focus();
    arrived.current = true;
  }, [here]);
  // The tab's title follows the screen's heading, whenever the screen (re)draws it.
  useEffect(() => {
    const content = main.current!;
    const retitle = () => {
      const heading = content.querySelector('h1')?.textContent?.trim();
      document.title = heading ? `${heading} · aduan` : 'aduan';
    };
    const observer = new MutationObserver(retitle);
    observer.observe(content, { childList: true, subtree: true, characterData: true });
    retitle();
    return () => observer.disconnect();
  }, []);
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}
      >
        {t('skipToContent')}
      </a>
      <header>
        <a class="brand" href={href()}>
          aduan <span>SP4N-LAPOR!</span>
        </a>
        <nav aria-label={t('nav.label')}>
          <ul>
            {links.map(([key, to]) => (
              <li key={to}>
                <a href={to} aria-current={here === to.split('?')[0] ? 'page' : undefined}>
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <a href={href('signin')}>
            {viewer && viewer.role !== 'PUBLIC'
              ? `${t(`role.${viewer.role}` as TextKey)}${viewer.agency ? ` · ${viewer.agency.name}` : ''}`
              : t('nav.signIn')}
          </a>
          <button
            type="button"
            class="link"
            onClick={() => setLang(lang === 'id' ? 'en' : 'id')}
            lang={lang === 'id' ? 'en' : 'id'}
          >
            {lang === 'id' ? 'English' : 'Bahasa Indonesia'}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </>
  );
}
