import { useCallback, useEffect, useState } from 'preact/hooks';
import { request, setCredential } from './api/client';
import { ViewerQuery } from './api/operations';
import { AppContext, type Viewer } from './app-context';
import { LangContext, storedLang, type Lang } from './i18n';
import { Layout } from './layout';
import { useRoute } from './router';
import { Screen } from './screens';
import { storeCredential, storedCredential, type Credential } from './session';

export function App() {
  const route = useRoute();
  const [lang, setLang] = useState<Lang>(storedLang);
  const [viewer, setViewer] = useState<Viewer | null>(null);

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

  useEffect(() => {
    const credential = storedCredential();
    signIn(credential).catch(() => signIn(null).catch(() => undefined));
  }, [signIn]);

  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem('aduan.lang', lang);
  }, [lang]);

  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <AppContext.Provider value={{ viewer, signIn }}>
        <Layout route={route}>{viewer ? <Screen route={route} /> : null}</Layout>
      </AppContext.Provider>
    </LangContext.Provider>
  );
}
