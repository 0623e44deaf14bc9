/** The languages of the web faces: Turkish first (the default), English by the switch in the header. */
export const LOCALES = ['tr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'tr';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** A message catalogue: Turkish defines the keys; English must translate every one (the compiler checks). */
export interface Catalogue<K extends string> {
  tr: Record<K, string>;
  en: Record<K, string>;
}

export function defineCatalogue<const T extends Record<string, string>>(tr: T, en: Record<keyof T & string, string>): Catalogue<keyof T & string> {
  return { tr, en };
}

export type MessageVars = Record<string, string | number>;
export type Translate<K extends string> = (key: K, vars?: MessageVars) => string;

/** `{{name}}` in a message is replaced by vars.name (as text: the html tag escapes it when rendered). */
export function translator<K extends string>(catalogue: Catalogue<K>, locale: Locale): Translate<K> {
  const messages = catalogue[locale];
  return (key, vars) => {
    const text = messages[key] ?? catalogue.tr[key] ?? key;
    return vars ? text.replace(/\{\{(\w+)\}\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match)) : text;
  };
}

/** Numbers and dates shown the way each language writes them (Europe/Istanbul time). */
export function formatDateTime(locale: Locale, value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value.includes('T') ? value : `${value.replace(' ', 'T')}+03:00`) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Istanbul' }).format(date);
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale === 'tr' ? 'tr-TR' : 'en-GB').format(value);
}
