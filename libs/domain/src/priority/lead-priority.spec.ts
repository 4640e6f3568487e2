import type { Stage } from '@leadboard/contracts';
import {
  compareQueueEntries,
  freshnessPoints,
  leadInitials,
  leadPriority,
  statedUrgency,
  waitingSince,
  type PriorityInput,
  type PrioritySettings,
} from './lead-priority';
import type { TargetRule } from './target-rules';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

function lead(overrides: Partial<PriorityInput> = {}): PriorityInput {
  return {
    stage: 'new',
    bant: { need: null, timeline: null },
    source: 'meta_ads',
    attributes: null,
    company: null,
    createdAt: minutesAgo(24 * 60),
    callbackAt: null,
    ...overrides,
  };
}
const settings = (target: TargetRule[] = [], hotThreshold = 70): PrioritySettings => ({ target, hotThreshold });
const keys = (input: PriorityInput, s = settings()) => leadPriority(input, s, NOW).reasons.map((r) => r.key);

describe('freshness', () => {
  it('is 30 for the first 5 minutes, 0 from 24 hours, and falls in a straight line between', () => {
    expect(freshnessPoints(0)).toBe(30);
    expect(freshnessPoints(5 * 60_000)).toBe(30);
    expect(freshnessPoints((5 * 60 + 24 * 3600) * 500)).toBe(15);
    expect(freshnessPoints(24 * 3600_000 - 60_000)).toBe(0);
    expect(freshnessPoints(24 * 3600_000)).toBe(0);
    expect(freshnessPoints(48 * 3600_000)).toBe(0);
    for (let m = 5; m < 24 * 60; m += 7) expect(freshnessPoints(m * 60_000)).toBeGreaterThanOrEqual(freshnessPoints((m + 7) * 60_000));
  });
});

describe('leadPriority', () => {
  it('gives 20 points of target fit to everyone when the campaign has no target', () => {
    const p = leadPriority(lead(), settings(), NOW);
    expect(p).toEqual({ priority: 20, hot: false, reasons: [{ key: 'priority.noTarget', params: { points: 20 } }] });
  });

  it('adds the weights of the rules met, reading attributes and the company', () => {
    const target: TargetRule[] = [
      { field: 'sector', op: 'eq', value: 'Hospitality', weight: 15 },
      { field: 'company.employees', op: 'gte', value: 50, weight: 15 },
      { field: 'region', op: 'in', value: ['Lombardia', 'Piemonte'], weight: 10 },
    ];
    const p = leadPriority(lead({ attributes: { Sector: ' hospitality ', region: 'Sicilia' }, company: { employees: 120 } }), settings(target), NOW);
    expect(p.priority).toBe(30);
    expect(p.reasons).toEqual([{ key: 'priority.targetFit', params: { points: 30, matched: 2, rules: 3 } }]);
  });

  it('falls back to the company_ attributes when the lead names no company, and ignores what is missing', () => {
    const target: TargetRule[] = [{ field: 'company.name', op: 'contains', value: 'hotel', weight: 20 }];
    expect(leadPriority(lead({ attributes: { company_name: 'Grand Hôtel Milano' } }), settings(target), NOW).priority).toBe(20);
    expect(leadPriority(lead({ attributes: { company_name: 'Acme' }, company: { name: 'Hotel Roma' } }), settings(target), NOW).priority).toBe(20);
    expect(leadPriority(lead(), settings(target), NOW)).toEqual({ priority: 0, hot: false, reasons: [] });
  });

  it('scores immediate need: 30 for a true BANT timeline or stated urgency, 15 for need alone', () => {
    expect(leadPriority(lead({ bant: { need: true, timeline: true } }), settings(), NOW).priority).toBe(50);
    expect(keys(lead({ bant: { need: true, timeline: true } }))).toEqual(['priority.immediateNeed', 'priority.noTarget']);
    expect(leadPriority(lead({ attributes: { urgency: 'Immédiat' } }), settings(), NOW).reasons[0]).toEqual({
      key: 'priority.statedUrgency',
      params: { points: 30, value: 'Immédiat' },
    });
    expect(leadPriority(lead({ bant: { need: true, timeline: false } }), settings(), NOW).priority).toBe(35);
    expect(leadPriority(lead({ bant: { need: false, timeline: null }, attributes: { when: 'next year' } }), settings(), NOW).priority).toBe(20);
  });

  it('recognises urgency in Italian, French and English under need, urgency or when', () => {
    for (const word of ['subito', 'URGENTE', 'immédiat', 'urgent', 'asap', 'now', 'immediate']) expect(statedUrgency({ When: word })).toBe(word);
    expect(statedUrgency({ notes: 'subito' })).toBeNull();
    expect(statedUrgency({ need: 'later' })).toBeNull();
  });

  it('makes a fresh, urgent lead on target hot, and explains it strongest reason first', () => {
    const target: TargetRule[] = [{ field: 'source', op: 'eq', value: 'meta_ads', weight: 20 }];
    const p = leadPriority(lead({ createdAt: minutesAgo(2), attributes: { urgency: 'subito' } }), settings(target), NOW);
    expect(p.priority).toBe(80);
    expect(p.hot).toBe(true);
    expect(p.reasons.map((r) => r.key)).toEqual(['priority.statedUrgency', 'priority.fresh', 'priority.targetFit']);
    expect(p.reasons[1].params).toEqual({ points: 30, since: minutesAgo(2) });
  });

  it('uses the campaign hot threshold', () => {
    const fresh = lead({ createdAt: minutesAgo(1) });
    expect(leadPriority(fresh, settings([], 50), NOW).hot).toBe(true);
    expect(leadPriority(fresh, settings([], 51), NOW).hot).toBe(false);
  });

  it('makes a prospect or opportunity with a callback due hot whatever its priority', () => {
    for (const stage of ['prospect', 'opportunity'] as Stage[]) {
      const p = leadPriority(lead({ stage, callbackAt: minutesAgo(1) }), settings(), NOW);
      expect(p.hot).toBe(true);
      expect(p.reasons[0]).toEqual({ key: 'priority.callbackDue', params: { at: minutesAgo(1) } });
    }
    expect(leadPriority(lead({ stage: 'prospect', callbackAt: minutesAgo(-10) }), settings(), NOW).hot).toBe(false);
    expect(leadPriority(lead({ stage: 'contacted', callbackAt: minutesAgo(1) }), settings(), NOW).hot).toBe(false);
  });

  it('gives closed leads 0, not hot, no reasons', () => {
    for (const stage of ['customer', 'lost', 'dnc'] as Stage[]) {
      expect(leadPriority(lead({ stage, createdAt: minutesAgo(1), bant: { need: true, timeline: true } }), settings(), NOW)).toEqual({ priority: 0, hot: false, reasons: [] });
    }
  });

  it('treats a lead dated in the future as just arrived', () => {
    expect(leadPriority(lead({ createdAt: minutesAgo(-30) }), settings(), NOW).priority).toBe(50);
  });
});

describe('waitingSince', () => {
  it('is the latest event, or the callback when it is later', () => {
    expect(waitingSince(minutesAgo(10), null)).toBe(minutesAgo(10));
    expect(waitingSince(minutesAgo(10), minutesAgo(2))).toBe(minutesAgo(2));
    expect(waitingSince(minutesAgo(10), minutesAgo(20))).toBe(minutesAgo(10));
    expect(waitingSince(null, null)).toBeNull();
  });
});

describe('compareQueueEntries', () => {
  it('orders by priority, then the longest wait, then lead id', () => {
    const entries = [
      { leadId: 'b', priority: 50, waitingSince: minutesAgo(5) },
      { leadId: 'a', priority: 50, waitingSince: minutesAgo(5) },
      { leadId: 'c', priority: 50, waitingSince: minutesAgo(9) },
      { leadId: 'd', priority: 80, waitingSince: minutesAgo(1) },
      { leadId: 'e', priority: 50, waitingSince: null },
    ];
    expect([...entries].sort(compareQueueEntries).map((e) => e.leadId)).toEqual(['d', 'c', 'a', 'b', 'e']);
  });
});

describe('leadInitials', () => {
  it('keeps the first letters of the first and last name only', () => {
    expect(leadInitials('Maria De Luca')).toBe('ML');
    expect(leadInitials('  élodie   martin ')).toBe('ÉM');
    expect(leadInitials('Cher')).toBe('C');
    expect(leadInitials("O'Brien, Sean")).toBe('OS');
    expect(leadInitials('')).toBe('');
    expect(leadInitials(null)).toBe('');
  });
});
