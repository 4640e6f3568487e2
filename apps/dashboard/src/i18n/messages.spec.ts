import { describe, expect, it } from 'vitest';
import { messages } from './i18n';
import { LOCALES, initialLocale, pickLocale } from './locales';

function leaves(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      for (const [path, leaf] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(path, leaf);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

describe('messages', () => {
  const en = leaves(messages.en);

  it.each(LOCALES)('%s has exactly the keys of en', (locale) => {
    const keys = [...leaves(messages[locale]).keys()].sort();
    expect(keys).toEqual([...en.keys()].sort());
  });

  it.each(LOCALES)('%s has no empty message', (locale) => {
    for (const [key, value] of leaves(messages[locale])) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it.each(LOCALES)('%s keeps the same placeholders as en', (locale) => {
    const placeholders = (s: unknown) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of leaves(messages[locale])) {
      expect(placeholders(value), key).toEqual(placeholders(en.get(key)));
    }
  });

  it('uses the words of Italian and French call centers', () => {
    expect(messages.it.stages.nurturing).toContain('in coltivazione');
    expect(messages.it.stages.dnc).toBe('Non chiamare');
    expect(messages.it.funnel.opportunity).toBe('Opportunità');
    expect(messages.fr.stages.nurturing).toContain('en maturation');
    expect(messages.fr.stages.dnc).toBe('Ne pas appeler');
    expect(messages.fr.feed.operator).toBe('Téléconseiller');
  });
});

describe('locale choice', () => {
  it('follows the browser languages by primary subtag', () => {
    expect(pickLocale(['fr-CH', 'en'])).toBe('fr');
    expect(pickLocale(['de-DE', 'it_IT'])).toBe('it');
    expect(pickLocale(['de-DE'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('prefers ?lang=, then the stored choice, then the browser', () => {
    expect(initialLocale({ search: '?lang=it&wall=x', stored: 'fr', languages: ['en'] })).toBe('it');
    expect(initialLocale({ search: '?lang=xx', stored: 'fr', languages: ['en'] })).toBe('fr');
    expect(initialLocale({ search: '', stored: null, languages: ['fr-FR'] })).toBe('fr');
  });
});
