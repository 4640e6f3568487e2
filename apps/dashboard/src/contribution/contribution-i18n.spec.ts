/** The contribution messages: the same keys and placeholders in it, fr and en, merged and rendered. */
import { describe, expect, it } from 'vitest';
import { contributionEn } from '../i18n/contribution/en';
import { contributionFr } from '../i18n/contribution/fr';
import { contributionIt } from '../i18n/contribution/it';
import { messages } from '../i18n/i18n';
import { LOCALES } from '../i18n/locales';
import { leaves, placeholders } from '../i18n/message-leaves';

const dictionaries = { en: contributionEn, fr: contributionFr, it: contributionIt } as const;

describe('contribution messages', () => {
  const en = leaves(contributionEn);

  it.each(LOCALES)('%s has exactly the keys of en, none empty, the same placeholders', (locale) => {
    const flat = leaves(dictionaries[locale]);
    expect([...flat.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, value] of flat) {
      expect(String(value).trim(), key).not.toBe('');
      expect(placeholders(value), key).toEqual(placeholders(en.get(key)));
      expect(String(value), key).not.toMatch(/[@|]/);
    }
  });

  it('uses the words of Italian and French call centers', () => {
    expect(contributionFr.columns.operator).toBe('Conseiller');
    expect(contributionIt.columns.operator).toBe('Operatore');
  });

  it.each(LOCALES)('%s is merged into the app’s messages and renders with its placeholders filled', async (locale) => {
    expect((messages[locale] as unknown as { contribution?: unknown }).contribution).toEqual(dictionaries[locale]);
    const { createAppI18n } = await import('../i18n/i18n');
    const i18n = createAppI18n(locale);
    for (const [key, value] of leaves(dictionaries[locale])) {
      const params = Object.fromEntries(placeholders(value).map((name) => [name, `<${name}>`]));
      const out = i18n.global.t(`contribution.${key}`, params);
      expect(out, key).not.toBe(`contribution.${key}`);
      for (const name of Object.keys(params)) expect(out, key).toContain(`<${name}>`);
    }
  });
});
