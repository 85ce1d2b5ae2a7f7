/**
 * The message catalog. The English texts of the card ship in the main
 * bundle; the panels' texts (`en-help.ts`) are loaded with the first panel;
 * every other locale is one chunk, loaded when a `lang` asks for it. A new
 * locale is a file beside `fr.ts` exporting its {@link Messages} and
 * {@link Help} (the types make it complete), plus one line here.
 */
import type { Help, Messages } from '../model.js';
import { en } from './en.js';

export { en };

const LOCALES: Record<string, () => Promise<{ messages: Messages; help: Help }>> = {
  fr: () => import('./fr.js').then((module) => ({ messages: module.fr, help: module.frHelp })),
};

/** The catalog's locale for a `lang` value (`fr-CA` → `fr`), or `en` when there is none. */
export function localeOf(lang: string | null | undefined): string {
  const base = (lang ?? '').toLowerCase().split('-')[0];
  return Object.hasOwn(LOCALES, base) ? base : 'en';
}

/** The messages for a locale from {@link localeOf}; English when it cannot be loaded. */
export async function loadMessages(locale: string): Promise<Messages> {
  try {
    return locale === 'en' ? en : (await LOCALES[locale]()).messages;
  } catch {
    return en;
  }
}

const enHelp = () => import('./en-help.js').then((module) => module.enHelp);

/** The troubleshooting texts for a locale; English when they cannot be loaded. Rejects only when no catalog can be. */
export async function loadHelp(locale: string): Promise<Help> {
  if (locale !== 'en') {
    try {
      return (await LOCALES[locale]()).help;
    } catch {
      // Fall through to English.
    }
  }
  return enHelp();
}

/** Fills `{name}` placeholders; `{name|words}` reads `words` when `values` has no `name`. Unknown names stay. */
export function format(text: string, values: Record<string, string | null | undefined>): string {
  return text.replace(/\{(\w+)(?:\|([^}]*))?\}/g, (all, name: string, words?: string) => values[name] || (words ?? all));
}
