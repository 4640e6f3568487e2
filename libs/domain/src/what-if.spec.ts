import fc from 'fast-check';
import { summarizeLeads } from './campaign-metrics';
import { applyLeadEvent, foldLeadEvents, isAfterLastApplied, type LeadEvent } from './lead-funnel';
import type { CampaignRules, LeadState } from './lead-state';
import { randomChunks, randomLeadHistory, seededRandom, shuffled } from './testing/random-lead-history';
import { foldHistoryUnderRules } from './what-if';

async function* chunksOf(chunks: LeadEvent[][]): AsyncIterable<LeadEvent[]> {
  for (const c of chunks) yield c;
}

/** The campaign's leads kept the worker's way: arrival order, incremental when possible, refolded when late. */
function storedStates(arrival: readonly LeadEvent[], rules: CampaignRules): LeadState[] {
  const seen = new Map<string, LeadEvent[]>();
  const states = new Map<string, LeadState>();
  for (const e of arrival) {
    const history = [...(seen.get(e.leadId) ?? []), e];
    seen.set(e.leadId, history);
    const state = states.get(e.leadId);
    states.set(e.leadId, state && isAfterLastApplied(state, e) ? applyLeadEvent(state, e, rules).state : foldLeadEvents(history, rules).state);
  }
  return [...states.values()];
}

/** The history as the cursor streams it: ordered by lead, a lead's events in storage order, cut anywhere. */
function streamed(events: readonly LeadEvent[], rand: () => number): LeadEvent[][] {
  const byLead = [...events].sort((a, b) => (a.leadId < b.leadId ? -1 : a.leadId > b.leadId ? 1 : 0));
  return randomChunks(rand, byLead, 7);
}

function campaign(seed: number, leads: number): { events: LeadEvent[]; rand: () => number } {
  const rand = seededRandom(seed);
  const events = Array.from({ length: leads }, (_, i) =>
    randomLeadHistory(rand, { campaignId: 'c-1', leadId: `L-${String(i).padStart(3, '0')}`, t0: Date.parse('2026-11-23T09:00:00Z') }),
  ).flat();
  return { events, rand };
}

describe('foldHistoryUnderRules (what-if)', () => {
  it('under the current rules equals the funnel kept from the same events in any arrival order, exactly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.record({ maxAttempts: fc.integer({ min: 1, max: 6 }), qualificationThreshold: fc.integer({ min: 1, max: 4 }) }),
        async (seed, rules) => {
          const { events, rand } = campaign(seed, 25);
          const stored = summarizeLeads(storedStates(shuffled(rand, [...events, ...events.slice(0, 10)]), rules));
          const whatIf = await foldHistoryUnderRules(chunksOf(streamed(events, rand)), rules);
          expect({ stages: whatIf.stages, funnel: whatIf.funnel, rates: whatIf.rates }).toEqual({
            stages: stored.stages,
            funnel: stored.funnel,
            rates: stored.rates,
          });
          expect(whatIf.leads).toBe(25);
          expect(whatIf.events).toBe(events.length);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('a lower threshold never qualifies fewer leads', async () => {
    const { events, rand } = campaign(7, 60);
    const strict = await foldHistoryUnderRules(chunksOf(streamed(events, rand)), { maxAttempts: 6, qualificationThreshold: 4 });
    const lenient = await foldHistoryUnderRules(chunksOf(streamed(events, rand)), { maxAttempts: 6, qualificationThreshold: 1 });
    expect(lenient.funnel.prospect).toBeGreaterThan(strict.funnel.prospect);
    expect(lenient.funnel.new).toBe(strict.funnel.new);
  });

  it('fewer maximum attempts send more unreached leads to nurturing', async () => {
    const rand = seededRandom(3);
    const calls = (leadId: string, n: number): LeadEvent[] =>
      Array.from({ length: n }, (_, i) => ({
        eventId: `${leadId}-${i}`,
        type: 'call.outcome' as const,
        occurredAt: new Date(Date.parse('2026-11-23T09:00:00Z') + i * 60_000).toISOString(),
        campaignId: 'c-1',
        leadId,
        disposition: 'NA',
        talkSeconds: 0,
        wrapSeconds: 0,
      }));
    const events = [...calls('A', 2), ...calls('B', 4)];
    const six = await foldHistoryUnderRules(chunksOf(streamed(events, rand)), { maxAttempts: 6, qualificationThreshold: 3 });
    const two = await foldHistoryUnderRules(chunksOf(streamed(events, rand)), { maxAttempts: 2, qualificationThreshold: 3 });
    expect(six.stages).toMatchObject({ new: 2, nurturing: 0 });
    expect(two.stages).toMatchObject({ new: 0, nurturing: 2 });
  });

  it('counts nothing for an empty history', async () => {
    const empty = await foldHistoryUnderRules(chunksOf([]), { maxAttempts: 6, qualificationThreshold: 3 });
    expect(empty).toMatchObject({ leads: 0, events: 0, rates: { contact: null } });
  });
});
