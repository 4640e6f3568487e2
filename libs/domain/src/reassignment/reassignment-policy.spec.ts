import { DEFAULT_ALERT_THRESHOLDS } from '../alerts/alert-thresholds';
import {
  DEFAULT_REASSIGNMENT_POLICY,
  policyFromThresholds,
  suggestReassignments,
  type SuggestionLead,
  type SuggestionOperator,
} from './reassignment-policy';

const NOW = '2026-11-23T12:00:00Z';
const hoursAgo = (h: number) => new Date(Date.parse(NOW) - h * 3600_000).toISOString();

const op = (operatorId: string, extra: Partial<SuggestionOperator> = {}): SuggestionOperator => ({
  operatorId,
  name: null,
  seniority: 'senior',
  state: 'available',
  openProspects: 0,
  callbacksDue: 0,
  ...extra,
});
const lead = (leadId: string, ownerOperatorId: string | null, h: number, stage: SuggestionLead['stage'] = 'prospect'): SuggestionLead => ({
  leadId,
  stage,
  ownerOperatorId,
  lastTouchedAt: hoursAgo(h),
});

describe('suggestReassignments', () => {
  it('takes its defaults from the alert thresholds (2 h, cap 25)', () => {
    expect(policyFromThresholds(DEFAULT_ALERT_THRESHOLDS)).toEqual(DEFAULT_REASSIGNMENT_POLICY);
    expect(DEFAULT_REASSIGNMENT_POLICY).toEqual({ prospectSlaSeconds: 7200, seniorCap: 25 });
  });

  it('gives prospects waiting with juniors to the least loaded senior, with a reason a manager reads', () => {
    const leads = Array.from({ length: 12 }, (_, i) => lead(`L-${String(i).padStart(2, '0')}`, 'jr-1', 3));
    const result = suggestReassignments({
      now: NOW,
      leads,
      operators: [op('jr-1', { seniority: 'junior', name: 'Giulia' }), op('sr-1', { name: 'Marco', openProspects: 4 }), op('sr-2', { name: 'Anna', openProspects: 20 })],
    });
    // Marco (4 open) takes all 12 before his load reaches Anna's 20.
    const marco = result.suggestions.find((s) => s.toOperatorId === 'sr-1')!;
    expect(marco.message).toBe('12 prospects owned by juniors for over 2 h → Marco (senior, 4 open prospects)');
    expect(marco).toMatchObject({ reason: 'junior_owner', pastSla: true, stage: 'prospect', messageKey: 'reassignment.junior_owner.pastSla' });
    expect(marco.params).toMatchObject({ count: 12, to: 'Marco', toOpen: 4, sla: '2 h' });
    expect(marco.leadIds).toHaveLength(12);
    expect(marco.expectedOwners['L-00']).toBe('jr-1');
    expect(result.suggestions).toHaveLength(1);
    expect(result.unplaced).toBeNull();
  });

  it('balances by open prospects, then callbacks due, then id', () => {
    const result = suggestReassignments({
      now: NOW,
      leads: [lead('A', null, 1), lead('B', null, 1), lead('C', null, 1)],
      operators: [op('s-c', { openProspects: 2 }), op('s-b', { openProspects: 2, callbacksDue: 1 }), op('s-a', { openProspects: 2, callbacksDue: 1 })],
    });
    // s-c (fewest callbacks) first, then s-a (id before s-b), then s-b.
    expect(result.suggestions.map((s) => [s.toOperatorId, s.leadIds])).toEqual([
      ['s-c', ['A']],
      ['s-a', ['B']],
      ['s-b', ['C']],
    ]);
    expect(result.suggestions[0].message).toBe('1 prospect with no owner → s-c (senior, 2 open prospects)');
  });

  it('serves the most urgent first: waiting unowned, waiting with a junior, stranded with an offline senior, then fresh ones', () => {
    const result = suggestReassignments(
      {
        now: NOW,
        leads: [
          lead('fresh-jr', 'jr', 0.5),
          lead('fresh-none', null, 0.5),
          lead('stranded', 'sr-off', 5, 'opportunity'),
          lead('old-jr', 'jr', 3),
          lead('old-none', null, 4),
        ],
        operators: [op('jr', { seniority: 'junior' }), op('sr-off', { state: 'offline', openProspects: 1 }), op('sr', { openProspects: 0 })],
      },
      { prospectSlaSeconds: 7200, seniorCap: 3 },
    );
    expect(result.suggestions.flatMap((s) => s.leadIds)).toEqual(['old-none', 'old-jr', 'stranded']);
    expect(result.suggestions.map((s) => s.messageKey)).toEqual([
      'reassignment.no_owner.pastSla',
      'reassignment.junior_owner.pastSla',
      'reassignment.owner_offline.pastSla',
    ]);
    expect(result.suggestions[2].message).toBe('1 opportunity untouched for over 2 h while their senior is offline → sr (senior, 0 open prospects)');
    expect(result.unplaced).toMatchObject({ count: 2, messageKey: 'reassignment.unplaced', params: { count: 2, cap: 3 } });
  });

  it('never offers an offline senior, a junior, or a senior working on another campaign', () => {
    const result = suggestReassignments({
      now: NOW,
      leads: [lead('L1', null, 1)],
      operators: [op('off', { state: 'offline' }), op('jr', { seniority: 'junior' }), op('away', { onCampaign: false }), op('paused', { state: 'paused', openProspects: 24 })],
    });
    expect(result.suggestions.map((s) => s.toOperatorId)).toEqual(['paused']);
  });

  it('moves the excess of a senior over the cap: prospects before opportunities, longest untouched first', () => {
    const leads = [lead('p-new', 'big', 0.1), lead('p-old', 'big', 1), lead('o-old', 'big', 9, 'opportunity'), lead('p-mid', 'big', 0.5)];
    const result = suggestReassignments(
      { now: NOW, leads, operators: [op('big', { name: 'Anna', openProspects: 5 }), op('small', { name: 'Marco', openProspects: 0 })] },
      { prospectSlaSeconds: 7200, seniorCap: 3 },
    );
    expect(result.suggestions).toHaveLength(1);
    expect(result.suggestions[0]).toMatchObject({
      reason: 'over_cap',
      leadIds: ['p-mid', 'p-old'],
      message: '2 prospects from Anna (5 open, cap 3) → Marco (senior, 0 open prospects)',
      params: { from: 'Anna', fromOpen: 5, cap: 3 },
    });
  });

  it('leaves prospects with an available senior alone, and ignores leads that are not prospects or opportunities', () => {
    const result = suggestReassignments({
      now: NOW,
      leads: [lead('kept', 'sr', 10), lead('c', null, 10, 'contacted'), lead('won', 'jr', 10, 'customer')],
      operators: [op('sr', { openProspects: 1 }), op('jr', { seniority: 'junior' }), op('other')],
    });
    expect(result.suggestions).toEqual([]);
    expect(result.unplaced).toBeNull();
  });

  it('treats an owner that is not a known operator as no owner, and an unknown age as past the SLA', () => {
    const result = suggestReassignments({
      now: NOW,
      leads: [{ leadId: 'L', stage: 'prospect', ownerOperatorId: 'ghost', lastTouchedAt: null }],
      operators: [op('sr')],
    });
    expect(result.suggestions[0]).toMatchObject({ reason: 'no_owner', pastSla: true, expectedOwners: { L: 'ghost' } });
  });

  it('words opportunities and recent waits in English', () => {
    const result = suggestReassignments({
      now: NOW,
      leads: [lead('o1', 'jr', 0.2, 'opportunity'), lead('o2', 'jr', 0.1, 'opportunity')],
      operators: [op('jr', { seniority: 'junior' }), op('sr', { name: 'Marco', openProspects: 1 })],
    });
    expect(result.suggestions[0].message).toBe('2 opportunities owned by juniors (waiting under 2 h) → Marco (senior, 1 open prospect)');
  });
});
