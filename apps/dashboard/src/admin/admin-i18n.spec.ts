/**
 * The administrators' messages: the same keys and placeholders in it, fr and en, every security event
 * and actor of the API translated, merged into the app's messages and rendered with placeholders filled.
 */
import { SECURITY_ACTOR_KINDS, SECURITY_EVENTS } from '@leadboard/contracts';
import { describe, expect, it } from 'vitest';
import { leaves, placeholders } from '../i18n/message-leaves';
import { adminEn } from '../i18n/admin/en';
import { adminFr } from '../i18n/admin/fr';
import { adminIt } from '../i18n/admin/it';
import { createAppI18n, messages } from '../i18n/i18n';
import { LOCALES } from '../i18n/locales';
import { securityEventKey } from './admin-view';

const admin = { en: adminEn, fr: adminFr, it: adminIt } as const;

describe('admin messages', () => {
  const en = leaves(adminEn);

  it.each(LOCALES)('%s has exactly the keys of en, none empty, the same placeholders, no vue-i18n syntax', (locale) => {
    const flat = leaves(admin[locale]);
    expect([...flat.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, value] of flat) {
      expect(String(value).trim(), key).not.toBe('');
      expect(placeholders(value), key).toEqual(placeholders(en.get(key)));
      expect(String(value), key).not.toMatch(/[@|]/);
    }
  });

  it.each(LOCALES)('%s names every security event and actor of the API, merged into the app’s messages', (locale) => {
    const i18n = createAppI18n(locale);
    for (const event of SECURITY_EVENTS) expect(i18n.global.t(securityEventKey(event)), event).not.toBe(securityEventKey(event));
    for (const actor of SECURITY_ACTOR_KINDS) expect(i18n.global.t(`admin.audit.actors.${actor}`), actor).not.toContain('admin.');
    expect((messages[locale] as unknown as { admin: unknown }).admin).toEqual(admin[locale]);
  });

  it.each(LOCALES)('%s renders every message with its placeholders filled', (locale) => {
    const i18n = createAppI18n(locale);
    for (const [key, value] of leaves(admin[locale])) {
      const params = Object.fromEntries(placeholders(value).map((name) => [name, `<${name}>`]));
      const out = i18n.global.t(`admin.${key}`, params);
      expect(out, key).not.toMatch(/[{}]/);
      for (const name of Object.keys(params)) expect(out, key).toContain(`<${name}>`);
    }
  });

  it('uses the words of Italian and French call centers', () => {
    expect(adminIt.keys.wall).toContain('schermo a parete');
    expect(adminFr.keys.wall).toContain('écran mural');
  });
});
