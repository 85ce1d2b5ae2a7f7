/**
 * The message catalog. English ships in the main bundle; every other locale
 * is its own chunk, loaded when a `lang` asks for it. A new locale is a file
 * beside `fr.ts` that `satisfies` {@link Messages} plus one line here.
 */
import { en, type Messages } from './en.js';

export { en, type Messages };

const LOCALES: Record<string, () => Promise<Messages>> = {
  fr: () => import('./fr.js').then((module) => module.fr),
};

/** The catalog's locale for a `lang` value (`fr-CA` → `fr`), or `en` when there is none. */
export function localeOf(lang: string | null | undefined): string {
  const base = (lang ?? '').toLowerCase().split('-')[0];
  return Object.hasOwn(LOCALES, base) ? base : 'en';
}

/** The messages for a locale from {@link localeOf}; English when it cannot be loaded. */
export async function loadMessages(locale: string): Promise<Messages> {
  try {
    return locale === 'en' ? en : await LOCALES[locale]();
  } catch {
    return en;
  }
}

/** Fills `{name}` placeholders. */
export function format(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (all, name: string) => values[name] ?? all);
}
