// Translations. Each area of the app keeps its messages next to its code (`defineMessages(en, fr)`), so the French
// table must have exactly the English keys (checked by the compiler). Templates take {name} placeholders.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

export const LANGUAGES = ["en", "fr"] as const;
export type Lang = (typeof LANGUAGES)[number];

export interface Messages<K extends string> {
  readonly en: Readonly<Record<K, string>>;
  readonly fr: Readonly<Record<K, string>>;
}

export function defineMessages<const E extends Record<string, string>>(
  en: E,
  fr: Readonly<Record<keyof E & string, string>>,
): Messages<keyof E & string> {
  return { en, fr };
}

export type Vars = Readonly<Record<string, string | number | bigint>>;
export type Translate<K extends string> = (key: K, vars?: Vars) => string;

export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

interface LanguageState {
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
}

const LanguageContext = createContext<LanguageState>({ lang: "en", setLang: () => {} });
const STORAGE_KEY = "ispera.lang";

function initialLang(): Lang {
  const saved = typeof localStorage === "undefined" ? null : localStorage.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "fr") return saved;
  return typeof navigator !== "undefined" && navigator.language.toLowerCase().startsWith("fr") ? "fr" : "en";
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLang(): LanguageState {
  return useContext(LanguageContext);
}

/** The translate function of a message table, in the current language. */
export function useT<K extends string>(messages: Messages<K>): Translate<K> {
  const { lang } = useLang();
  return useCallback((key: K, vars?: Vars) => format(messages[lang][key], vars), [messages, lang]);
}
