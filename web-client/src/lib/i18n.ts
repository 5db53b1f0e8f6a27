// Every string of the UI, in English and Chinese (the tables are in
// src/i18n/, one file per app; each must translate every key, which the
// types check). A key missing in a language falls back to English, then to
// the key itself. The chosen language is kept
// in localStorage; the default comes from navigator.language.

import * as attendee from "../i18n/attendee";
import * as moderator from "../i18n/moderator";
import * as staff from "../i18n/staff";
import * as stage from "../i18n/stage";
import * as tech from "../i18n/tech";

export type Lang = "en" | "zh";
export const LANGS: readonly Lang[] = ["en", "zh"];
export const LANG_STORAGE_KEY = "hallcast.lang";

const en = { ...attendee.en, ...staff.en, ...moderator.en, ...tech.en, ...stage.en };

export type MessageKey = keyof typeof en;

const zh: Partial<Record<MessageKey, string>> = { ...attendee.zh, ...staff.zh, ...moderator.zh, ...tech.zh, ...stage.zh };

const tables: Record<Lang, Partial<Record<MessageKey, string>>> = { en, zh };

// The string of `key` in `lang` with {name} placeholders filled in.
export function translate(lang: Lang, key: MessageKey | string, params: Record<string, string | number> = {}): string {
  const template =
    tables[lang]?.[key as MessageKey] ?? (en as Record<string, string>)[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

// The language to start with: the one stored, else the browser's, else English.
export function initialLang(stored: string | null | undefined, navigatorLanguages: readonly string[]): Lang {
  if (stored === "en" || stored === "zh") return stored;
  for (const tag of navigatorLanguages) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "zh") return "zh";
    if (primary === "en") return "en";
  }
  return "en";
}

// The BCP 47 tag for dates and numbers.
export function locale(lang: Lang): string {
  return lang === "zh" ? "zh-CN" : "en-GB";
}

export function otherLang(lang: Lang): Lang {
  return lang === "en" ? "zh" : "en";
}
