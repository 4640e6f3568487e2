/**
 * The managers' messages: the same keys and placeholders in it, fr and en, every suggestion and
 * warning key of the API translated, the words of Italian and French call centers, and (once merged
 * into the app's messages by i18n/i18n.ts) rendered with every placeholder filled.
 */
import { SUGGESTION_MESSAGE_KEYS } from '@leadboard/contracts';
import { describe, expect, it } from 'vitest';
import { leaves, placeholders } from '../i18n/message-leaves';
import { messages } from '../i18n/i18n';
import { managerEn } from '../i18n/manager/en';
import { managerFr } from '../i18n/manager/fr';
import { managerIt } from '../i18n/manager/it';
import { LOCALES } from '../i18n/locales';

const manager = { en: managerEn, fr: managerFr, it: managerIt } as const;

describe('manager messages', () => {
  const en = leaves(managerEn);

  it.each(LOCALES)('%s has exactly the keys of en, none empty, the same placeholders', (locale) => {
    const flat = leaves(manager[locale]);
    expect([...flat.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, value] of flat) {
      expect(typeof value, key).toBe('string');
      expect(String(value).trim(), key).not.toBe('');
      expect(placeholders(value), key).toEqual(placeholders(en.get(key)));
      // vue-i18n syntax: no linked messages (@), no plural pipes, no stray braces
      expect(String(value), key).not.toMatch(/[@|]/);
    }
  });

  it.each(LOCALES)('%s translates every suggestion message key of the API and the junior-target warning', (locale) => {
    const flat = leaves(manager[locale]);
    const missing = SUGGESTION_MESSAGE_KEYS.filter((key) => typeof flat.get(key) !== 'string');
    expect(missing).toEqual([]);
    expect(typeof flat.get('warning.juniorTarget')).toBe('string');
  });

  it('uses the words of Italian and French call centers', () => {
    expect(managerIt.callbacks.title).toBe('Richiami personali');
    expect(managerIt.reassignment.junior_owner.recent).toContain('operatori junior');
    expect(managerIt.warning.juniorTarget).toContain('chiusura contratti');
    expect(managerFr.callbacks.title).toBe('Rappels personnels');
    expect(managerFr.operators.title).toContain('Conseillers');
    expect(managerFr.warning.juniorTarget).toContain('closing');
  });

  it.each(LOCALES)('%s is merged into the app’s messages', (locale) => {
    expect((messages[locale] as unknown as { manager?: unknown }).manager).toEqual(manager[locale]);
  });

  it.each(LOCALES)('%s renders every manager message with its placeholders filled', async (locale) => {
    const { createAppI18n } = await import('../i18n/i18n');
    const i18n = createAppI18n(locale);
    for (const [key, value] of leaves(manager[locale])) {
      const params = Object.fromEntries(placeholders(value).map((name) => [name, `<${name}>`]));
      const out = i18n.global.t(`manager.${key}`, params);
      expect(out, key).not.toBe(`manager.${key}`);
      expect(out, key).not.toMatch(/[{}]/);
      for (const name of Object.keys(params)) expect(out, key).toContain(`<${name}>`);
    }
  });
});
