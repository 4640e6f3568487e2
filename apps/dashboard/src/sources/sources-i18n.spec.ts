/**
 * The Sources page's messages: the same keys and placeholders in it, fr and en, a name for every
 * canonical disposition, import field, lead source, import state and layout of the contracts, the
 * words of Italian and French call centers, merged into the app's messages and rendered whole.
 */
import { CANONICAL_DISPOSITIONS, IMPORT_FIELDS, IMPORT_LAYOUTS, IMPORT_STATES, LEAD_SOURCES } from '@leadboard/contracts';
import { describe, expect, it } from 'vitest';
import { leaves, placeholders } from '../i18n/message-leaves';
import { createAppI18n, messages } from '../i18n/i18n';
import { LOCALES } from '../i18n/locales';
import { sourcesEn } from '../i18n/sources/en';
import { sourcesFr } from '../i18n/sources/fr';
import { sourcesIt } from '../i18n/sources/it';

const sources = { en: sourcesEn, fr: sourcesFr, it: sourcesIt } as const;

describe('sources messages', () => {
  const en = leaves(sourcesEn);

  it.each(LOCALES)('%s has exactly the keys of en, none empty, the same placeholders, no vue-i18n syntax', (locale) => {
    const flat = leaves(sources[locale]);
    expect([...flat.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, value] of flat) {
      expect(typeof value, key).toBe('string');
      expect(String(value).trim(), key).not.toBe('');
      expect(placeholders(value), key).toEqual(placeholders(en.get(key)));
      expect(String(value), key).not.toMatch(/[@|$]/);
    }
  });

  it.each(LOCALES)('%s names every disposition, import field, lead source, import state and layout', (locale) => {
    const flat = leaves(sources[locale]);
    const wanted = [
      ...CANONICAL_DISPOSITIONS.map((d) => `disposition.${d}`),
      ...IMPORT_FIELDS.map((f) => `csv.field.${f}`),
      'csv.field.attribute',
      ...LEAD_SOURCES.map((s) => `csv.leadSource.${s}`),
      ...IMPORT_STATES.map((s) => `csv.state.${s}`),
      ...IMPORT_LAYOUTS.map((l) => `csv.layout.${l}`),
    ];
    expect(wanted.filter((k) => typeof flat.get(k) !== 'string')).toEqual([]);
  });

  it('uses the words of Italian and French call centers', () => {
    expect(sourcesIt.disposition.DO_NOT_CALL).toBe('Non chiamare');
    expect(sourcesIt.disposition.TRANSFERRED).toContain('chiusura contratti');
    expect(sourcesIt.vicidial.noAgentHint).toContain('operatore');
    expect(sourcesFr.disposition.DO_NOT_CALL).toBe('Ne pas appeler');
    expect(sourcesFr.disposition.APPOINTMENT_SET).toBe('Rendez-vous pris');
    expect(sourcesFr.vicidial.noAgentHint).toContain('téléconseiller');
  });

  it.each(LOCALES)('%s is merged into the app’s messages and renders with every placeholder filled', (locale) => {
    expect((messages[locale] as unknown as { sources?: unknown }).sources).toEqual(sources[locale]);
    const i18n = createAppI18n(locale);
    for (const [key, value] of leaves(sources[locale])) {
      const params = Object.fromEntries(placeholders(value).map((name) => [name, `<${name}>`]));
      const out = i18n.global.t(`sources.${key}`, params);
      expect(out, key).not.toBe(`sources.${key}`);
      expect(out, key).not.toMatch(/[{}]/);
      for (const name of Object.keys(params)) expect(out, key).toContain(`<${name}>`);
    }
  });
});
