/** The interface languages and how the first one is chosen (no Vue here: unit-tested alone). */
export const LOCALES = ['it', 'fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const FALLBACK_LOCALE: Locale = 'en';
export const LOCALE_STORAGE_KEY = 'leadboard.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The first supported language among the candidates, matched on the primary subtag
 * (`fr-CH` → `fr`); the fallback when none matches.
 */
export function pickLocale(candidates: readonly (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    const primary = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (isLocale(primary)) return primary;
  }
  return FALLBACK_LOCALE;
}

/**
 * The language at start-up: an explicit `?lang=` (a wall screen has no keyboard to switch),
 * then the user's last choice, then the browser's languages.
 */
export function initialLocale(env: {
  search?: string;
  stored?: string | null;
  languages?: readonly string[];
}): Locale {
  const fromUrl = new URLSearchParams(env.search ?? '').get('lang');
  if (isLocale(fromUrl)) return fromUrl;
  if (isLocale(env.stored)) return env.stored;
  return pickLocale(env.languages ?? []);
}
