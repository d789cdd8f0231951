import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, request, setCredential } from './api/client';
import { ViewerQuery } from './api/operations';
import { AppContext, type Viewer } from './app-context';
import { LangContext, storedLang, useT, type Lang } from './i18n';
import { Layout } from './layout';
import { useRoute } from './router';
import { Screen } from './screens';
import { storeCredential, storedCredential, type Credential } from './session';
import { ErrorNote } from './ui/error-note';

export function App() {
  const route = useRoute();
  const [lang, setLang] = useState<Lang>(storedLang);
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [startError, setStartError] = useState<ApiError | null>(null);

  /** Asks who the credential names; only then is it kept (a refused one leaves the current one in place). */
  const signIn = useCallback(async (credential: Credential | null) => {
    setCredential(credential);
    try {
      const { viewer } = await request(ViewerQuery, {});
      storeCredential(credential);
      setViewer(viewer);
      return viewer;
    } catch (error) {
      setCredential(storedCredential());
      throw error;
    }
  }, []);

  /** The stored credential again; dropped only when the service refuses it, kept through a network failure. */
  const start = useCallback(async () => {
    try {
      await signIn(storedCredential());
      setStartError(null);
    } catch (error) {
      const refused = error instanceof ApiError && error.code === 'UNAUTHENTICATED';
      if (refused) storeCredential(null);
      setStartError(refused ? null : (error as ApiError));
      if (refused) await signIn(null).catch((again: ApiError) => setStartError(again));
    }
  }, [signIn]);

  useEffect(() => void start(), [start]);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('aduan.lang', lang);
  }, [lang]);

  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <AppContext.Provider value={{ viewer, signIn }}>
        <Layout route={route}>
          {viewer ? <Screen route={route} /> : startError ? <Unreachable error={startError} retry={start} /> : null}
        </Layout>
      </AppContext.Provider>
    </LangContext.Provider>
  );
}

function Unreachable({ error, retry }: { error: ApiError; retry: () => void }) {
  const t = useT();
  return (
    <section>
      <ErrorNote error={error} />
      <button type="button" onClick={retry}>
        {t('retry')}
      </button>
    </section>
  );
}
