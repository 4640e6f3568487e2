import { describe, expect, it } from 'vitest';
import type { WhatIfResult } from '@leadboard/contracts';
import { funnelComparison, isUnchanged, nurturingDelta, rateComparison } from './what-if-view';

const stages = { new: 10, contacted: 6, prospect: 2, opportunity: 1, customer: 1, nurturing: 0, lost: 0, dnc: 0 };
const result: WhatIfResult = {
  campaignId: 'c-1',
  rules: { current: { qualificationThreshold: 3, maxAttempts: 6 }, proposed: { qualificationThreshold: 2, maxAttempts: 4 } },
  current: {
    stages,
    funnel: { new: 10, contacted: 6, prospect: 2, opportunity: 1, customer: 1 },
    rates: { contact: 0.6, qualification: 0.2, prospectPerContacted: 0.3333, close: 0.5 },
  },
  proposed: {
    stages: { ...stages, nurturing: 2 },
    funnel: { new: 10, contacted: 6, prospect: 4, opportunity: 1, customer: 1 },
    rates: { contact: 0.6, qualification: 0.4, prospectPerContacted: 0.6667, close: 0.25 },
  },
  leads: 10,
  events: 40,
  asOf: '2026-11-30T08:00:00.000Z',
};

describe('what-if comparison', () => {
  it('puts each funnel stage as stored beside the proposed one, with the difference', () => {
    expect(funnelComparison(result).find((r) => r.stage === 'prospect')).toEqual({ stage: 'prospect', current: 2, proposed: 4, delta: 2 });
    expect(funnelComparison(result).map((r) => r.delta)).toEqual([0, 0, 2, 0, 0]);
  });

  it('compares the rates in points, unknown when either side is', () => {
    expect(rateComparison(result).find((r) => r.rate === 'close')).toEqual({ rate: 'close', current: 0.5, proposed: 0.25, delta: -0.25 });
    const noBase = { ...result, current: { ...result.current, rates: { ...result.current.rates, close: null } } };
    expect(rateComparison(noBase).find((r) => r.rate === 'close')?.delta).toBeNull();
  });

  it('tells the leads sent to nurturing and whether anything changed', () => {
    expect(nurturingDelta(result)).toBe(2);
    expect(isUnchanged(result)).toBe(false);
    expect(isUnchanged({ rules: { current: result.rules.current, proposed: result.rules.current } })).toBe(true);
  });
});
