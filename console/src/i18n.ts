import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { TEXT } from './text';

export type Lang = 'id' | 'en';
export type TextKey = keyof typeof TEXT;

export const LangContext = createContext<{ lang: Lang; setLang(lang: Lang): void }>({
  lang: 'id',
  setLang: () => undefined,
});

export const useLang = () => useContext(LangContext);

/** Indonesian unless the reader chose English before. */
export function storedLang(): Lang {
  return localStorage.getItem('aduan.lang') === 'en' ? 'en' : 'id';
}

/** The text for a key in the reader's language, {0} {1} … filled in; an unknown key (a new enum value) shows as itself. */
export function useT(): (key: TextKey, ...values: (string | number)[]) => string {
  const { lang } = useLang();
  return (key, ...values) => {
    const entry = TEXT[key] as readonly [string, string] | undefined;
    const text = entry ? entry[lang === 'id' ? 0 : 1] : String(key).split('.').at(-1)!;
    return text.replace(/\{(\d)\}/g, (_, i: string) => String(values[Number(i)] ?? ''));
  };
}
