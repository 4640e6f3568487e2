import type { WindowMetrics } from '@leadboard/contracts';
import { describe, expect, it } from 'vitest';
import { compare, headlineRates, windowRate } from './headline';

const w = (over: Partial<WindowMetrics> = {}): WindowMetrics => ({
  from: '2026-11-23T08:00:00Z',
  to: '2026-11-23T09:00:00Z',
  transitions: { new: 0, contacted: 0, prospect: 10, opportunity: 0, customer: 2, nurturing: 0, lost: 0, dnc: 0 },
  calls: 200,
  contacts: 50,
  dropped: 1,
  ahtSeconds: 180,
  dropRate: 1 / 51,
  prospectPerContacted: 0.2,
  ...over,
});

describe('headline rates: last hour vs today', () => {
  it('computes each rate from a window', () => {
    expect(windowRate('prospectPerContacted', w())).toBe(0.2);
    expect(windowRate('contactPerCall', w())).toBe(0.25);
    expect(windowRate('customerPerProspect', w())).toBe(0.2);
    expect(windowRate('dropRate', w())).toBeCloseTo(1 / 51);
    expect(windowRate('contactPerCall', w({ calls: 0 }))).toBeNull();
    expect(windowRate('prospectPerContacted', null)).toBeNull();
  });

  it('says better or worse by the rate’s direction (a higher drop rate is worse)', () => {
    expect(compare('prospectPerContacted', 0.1, 0.2)).toMatchObject({ trend: 'down', verdict: 'worse' });
    expect(compare('prospectPerContacted', 0.3, 0.2)).toMatchObject({ trend: 'up', verdict: 'better' });
    expect(compare('dropRate', 0.05, 0.02)).toMatchObject({ trend: 'up', verdict: 'worse' });
    expect(compare('dropRate', 0.2, 0.205)).toMatchObject({ trend: 'flat', verdict: 'same' });
    expect(compare('contactPerCall', null, 0.2)).toMatchObject({ trend: 'unknown', verdict: 'unknown', delta: null });
  });

  it('lists the four rates in a fixed order', () => {
    const rates = headlineRates(w({ prospectPerContacted: 0.1 }), w());
    expect(rates.map((r) => r.key)).toEqual(['prospectPerContacted', 'contactPerCall', 'customerPerProspect', 'dropRate']);
    expect(rates[0]).toMatchObject({ now: 0.1, baseline: 0.2, verdict: 'worse' });
    expect(rates[0].delta).toBeCloseTo(-0.1);
  });
});
