import { describe, expect, it } from 'vitest';
import { formatDurationWords } from '../format/format';
import { createAppI18n } from '../i18n/i18n';
import { alertMessage } from '../test-fixtures';
import { alertParams, alertText } from './alert-text';

function translate(locale: 'it' | 'fr' | 'en') {
  const i18n = createAppI18n(locale);
  return {
    t: (k: string, p: Record<string, unknown>) => i18n.global.t(k, p),
    has: (k: string) => i18n.global.te(k, 'en'),
  };
}

describe('alert text', () => {
  it('formats the params for the locale: numbers, the time of day, durations from seconds', () => {
    const p = alertParams({ ratePercent: 12.5, contacts: 1234, at: '2026-11-23T09:05:00Z', sla: '5 min', slaSeconds: 7200 }, 'it');
    expect(p.ratePercent).toBe('12,5');
    expect(p.contacts).toBe('1234');
    expect(p.at).toMatch(/\d\d:05:00/);
    expect(p.sla).toBe('2 h');
  });

  it('writes every SLA of an alert from its seconds', () => {
    const p = alertParams({ handoffSla: '15 min', handoffSlaSeconds: 900, followUpSla: '2 h', followUpSlaSeconds: 14_400, talkSeconds: 30 }, 'it');
    expect(p).toMatchObject({ handoffSla: '15 min', followUpSla: '4 h', talkSeconds: '30' });
    expect(p).not.toHaveProperty('talk');
  });

  it('translates prospects waiting for a closer, saying what to do, in each language', () => {
    const a = alertMessage(1, {
      rule: 'prospects_waiting',
      severity: 'warning',
      messageKey: 'alerts.prospects_waiting.pastSla',
      params: { prospects: 3, handoffSla: '15 min', handoffSlaSeconds: 900, followUpSla: '2 h', followUpSlaSeconds: 7200, min: 3 },
    });
    const en = translate('en');
    expect(alertText(a, 'en', en.t, en.has)).toBe(
      `Prospects waiting for a closer: 3 have waited over 15 min for a senior closer or over ${formatDurationWords(7200, 'en')} for their closer’s follow-up (alert at 3). Assign them to closers in the Manager view.`,
    );
    const it = translate('it');
    expect(alertText(a, 'it', it.t, it.has)).toContain('Vista manager');
    const fr = translate('fr');
    expect(alertText(a, 'fr', fr.t, fr.has)).toContain('Vue manager');
  });

  it('translates a dnc violation in each language', () => {
    const a = alertMessage(1);
    const { t: tIt, has } = translate('it');
    expect(alertText(a, 'it', tIt, has)).toMatch(/^Violazione non chiamare: il lead L-1, nel Registro pubblico delle opposizioni, è stato chiamato da op-12 alle/);
    const fr = translate('fr');
    expect(alertText(a, 'fr', fr.t, fr.has)).toContain('Bloctel');
    const en = translate('en');
    expect(alertText(a, 'en', en.t, en.has)).toContain('Do-not-call violation: lead L-1');
  });

  it('translates a qualification bottleneck with its figures', () => {
    const a = alertMessage(1, {
      rule: 'qualification_bottleneck',
      severity: 'warning',
      messageKey: 'alerts.qualification_bottleneck.floor',
      params: { ratePercent: 9, contacts: 34, prospects: 3, floorPercent: 15 },
    });
    const fr = translate('fr');
    expect(alertText(a, 'fr', fr.t, fr.has)).toBe(
      'Goulot de qualification : 9 % de 34 contacts sont devenus prospects dans la dernière heure (seuil 15 %). Revoyez les listes et le script du premier appel avec les juniors.',
    );
  });

  it('falls back to the server’s English message for a key it does not know', () => {
    const a = alertMessage(1, { messageKey: 'alerts.new_rule.someday', message: 'something new' });
    const it = translate('it');
    expect(alertText(a, 'it', it.t, it.has)).toBe('something new');
  });
});
