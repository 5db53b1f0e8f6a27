import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { translate, type Lang, type MessageKey } from "./i18n";

export interface LangValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

export const LangContext = createContext<LangValue>({ lang: "en", setLang: () => {} });

// The current language and its translate function.
export function useT(): { lang: Lang; t: (key: MessageKey, params?: Record<string, string | number>) => string } {
  const { lang } = useContext(LangContext);
  return { lang, t: (key, params) => translate(lang, key, params) };
}
