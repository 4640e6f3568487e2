import fc from 'fast-check';
import { sortAndDedupe } from '../event-order';
import { DEFAULT_CAMPAIGN_RULES } from '../lead-state';
import { foldLeadEvents, initialLeadState, type LeadEvent } from '../lead-funnel';
import { randomChunks, randomLeadHistory, seededRandom, shuffled } from '../testing/random-lead-history';
import { applyIncrementally, planLeadApply } from './lead-apply-plan';

describe('planLeadApply', () => {
  const T0 = Date.parse('2026-11-23T09:00:00Z');
  const history = randomLeadHistory(seededRandom(7), { campaignId: 'c', leadId: 'lead-1', t0: T0, maxCalls: 6 });
  const sorted = foldLeadEvents(history, DEFAULT_CAMPAIGN_RULES);

  it('is incremental for a new lead and for events after the last applied one, refold for a late one', () => {
    expect(planLeadApply(initialLeadState(), history)).toBe('incremental');
    const [first, ...rest] = sortAndDedupe(history);
    const afterFirst = foldLeadEvents([first], DEFAULT_CAMPAIGN_RULES).state;
    expect(planLeadApply(afterFirst, rest)).toBe('incremental');
    expect(planLeadApply(sorted.state, [first])).toBe('refold');
    expect(planLeadApply(sorted.state, [])).toBe('incremental');
  });

  it('incremental, or a refold when planned, gives the fold of the whole history whatever the split (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 10 }), (seed, n) => {
        const rnd = seededRandom(seed);
        const events: LeadEvent[] = randomLeadHistory(rnd, { campaignId: 'c', leadId: 'lead-p', t0: Date.parse('2026-11-23T09:00:00Z'), maxCalls: n });
        let state = initialLeadState();
        const seen: LeadEvent[] = [];
        for (const chunk of randomChunks(rnd, shuffled(rnd, events), 3)) {
          seen.push(...chunk);
          state =
            planLeadApply(state, chunk) === 'incremental'
              ? applyIncrementally(state, chunk, DEFAULT_CAMPAIGN_RULES).state
              : foldLeadEvents(seen, DEFAULT_CAMPAIGN_RULES).state;
        }
        expect(state).toEqual(foldLeadEvents(events, DEFAULT_CAMPAIGN_RULES).state);
      }),
      { numRuns: 200 },
    );
  });
});
