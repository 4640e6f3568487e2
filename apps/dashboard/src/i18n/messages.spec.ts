import { describe, expect, it } from 'vitest';
import { messages } from './i18n';
import { LOCALES, initialLocale, pickLocale } from './locales';
import { leaves, placeholders } from './message-leaves';

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

describe('alert messages', () => {
  it.each(LOCALES)('%s translates every alert message key of the domain', async (locale) => {
    const { ALERT_MESSAGE_KEYS } = await import('@leadboard/domain');
    const flat = leaves(messages[locale]);
    const missing = ALERT_MESSAGE_KEYS.filter((key) => typeof flat.get(key) !== 'string');
    expect(missing).toEqual([]);
  });

  it.each(LOCALES)('%s renders every message with its placeholders filled (nothing left in braces)', async (locale) => {
    const { createAppI18n } = await import('./i18n');
    const i18n = createAppI18n(locale);
    for (const [key, value] of leaves(messages[locale])) {
      const params = Object.fromEntries([...String(value).matchAll(/\{(\w+)\}/g)].map((m) => [m[1], `<${m[1]}>`]));
      const out = i18n.global.t(key, params);
      expect(out, key).not.toBe(key);
      expect(out, key).not.toMatch(/[{}]/);
      for (const name of Object.keys(params)) expect(out, key).toContain(`<${name}>`);
    }
  });
});
