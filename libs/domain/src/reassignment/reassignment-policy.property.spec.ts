/** Properties of the suggestion policy over random campaigns (fast-check). */
import fc from 'fast-check';
import { OPERATOR_STATES, STAGES } from '@leadboard/contracts';
import { suggestReassignments, type ReassignmentPolicy, type SuggestionInput, type SuggestionLead, type SuggestionOperator } from './reassignment-policy';

const NOW_MS = Date.parse('2026-11-23T12:00:00Z');

const operatorsArb = fc.uniqueArray(
  fc.record({
    operatorId: fc.integer({ min: 0, max: 30 }).map((i) => `op-${i}`),
    name: fc.option(fc.constantFrom('Marco', 'Anna', 'Luca'), { nil: null }),
    seniority: fc.constantFrom('junior' as const, 'senior' as const),
    state: fc.constantFrom(...OPERATOR_STATES),
    openProspects: fc.integer({ min: 0, max: 40 }),
    callbacksDue: fc.integer({ min: 0, max: 3 }),
    onCampaign: fc.option(fc.boolean(), { nil: undefined }),
  }) as fc.Arbitrary<SuggestionOperator>,
  { selector: (o) => o.operatorId, maxLength: 12 },
);

const leadsArb = fc.uniqueArray(
  fc.record({
    leadId: fc.integer({ min: 0, max: 5000 }).map((i) => `L-${i}`),
    stage: fc.constantFrom(...STAGES, 'prospect', 'prospect', 'opportunity'),
    ownerOperatorId: fc.option(fc.integer({ min: 0, max: 33 }).map((i) => `op-${i}`), { nil: null }),
    lastTouchedAt: fc.option(
      fc.integer({ min: -10 * 3600, max: 600 }).map((s) => new Date(NOW_MS + s * 1000).toISOString()),
      { nil: null },
    ),
  }) as fc.Arbitrary<SuggestionLead>,
  { selector: (l) => l.leadId, maxLength: 150 },
);

const policyArb: fc.Arbitrary<ReassignmentPolicy> = fc.record({
  prospectSlaSeconds: fc.constantFrom(0, 1800, 7200, 36_000),
  seniorCap: fc.integer({ min: 0, max: 30 }),
});

const inputArb: fc.Arbitrary<SuggestionInput> = fc.record({
  now: fc.constant(new Date(NOW_MS).toISOString()),
  leads: leadsArb,
  operators: operatorsArb,
});

describe('suggestReassignments (properties)', () => {
  it('never suggests an offline operator, a junior, or one working elsewhere, and never loads a senior past the cap', () => {
    fc.assert(
      fc.property(inputArb, policyArb, (input, policy) => {
        const { suggestions } = suggestReassignments(input, policy);
        const byId = new Map(input.operators.map((o) => [o.operatorId, o]));
        const added = new Map<string, number>();
        for (const s of suggestions) {
          const target = byId.get(s.toOperatorId)!;
          expect(target).toBeDefined();
          expect(target.state).not.toBe('offline');
          expect(target.seniority).toBe('senior');
          expect(target.onCampaign).not.toBe(false);
          added.set(s.toOperatorId, (added.get(s.toOperatorId) ?? 0) + s.leadIds.length);
        }
        for (const [id, n] of added) expect(byId.get(id)!.openProspects + n).toBeLessThanOrEqual(policy.seniorCap);
      }),
      { numRuns: 300 },
    );
  });

  it('suggests only prospects and opportunities, each once, never to their current owner, with the owner it saw', () => {
    fc.assert(
      fc.property(inputArb, policyArb, (input, policy) => {
        const { suggestions } = suggestReassignments(input, policy);
        const leads = new Map(input.leads.map((l) => [l.leadId, l]));
        const seen = new Set<string>();
        for (const s of suggestions) {
          expect(s.leadIds.length).toBeGreaterThan(0);
          expect(Object.keys(s.expectedOwners).sort()).toEqual([...s.leadIds].sort());
          for (const id of s.leadIds) {
            const lead = leads.get(id)!;
            expect(['prospect', 'opportunity']).toContain(lead.stage);
            expect(lead.stage).toBe(s.stage);
            expect(lead.ownerOperatorId).not.toBe(s.toOperatorId);
            expect(s.expectedOwners[id]).toBe(lead.ownerOperatorId);
            expect(seen.has(id)).toBe(false);
            seen.add(id);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and does not depend on the order of its input', () => {
    fc.assert(
      fc.property(inputArb, policyArb, fc.integer(), (input, policy, seed) => {
        const first = suggestReassignments(input, policy);
        expect(suggestReassignments(structuredClone(input), policy)).toEqual(first);
        const shuffle = <T>(xs: readonly T[]) => {
          const out = [...xs];
          let s = seed >>> 0;
          for (let i = out.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j], out[i]];
          }
          return out;
        };
        expect(suggestReassignments({ ...input, leads: shuffle(input.leads), operators: shuffle(input.operators) }, policy)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });

  it('places every candidate it can: leads left unplaced only when no eligible senior has room', () => {
    fc.assert(
      fc.property(inputArb, policyArb, (input, policy) => {
        const { suggestions, unplaced } = suggestReassignments(input, policy);
        if (!unplaced) return;
        const added = new Map<string, number>();
        for (const s of suggestions) added.set(s.toOperatorId, (added.get(s.toOperatorId) ?? 0) + s.leadIds.length);
        for (const o of input.operators) {
          if (o.seniority !== 'senior' || o.state === 'offline' || o.onCampaign === false || o.openProspects >= policy.seniorCap) continue;
          expect(o.openProspects + (added.get(o.operatorId) ?? 0)).toBe(policy.seniorCap);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers for a large campaign (100,000 leads, 200 operators)', () => {
    const operators: SuggestionOperator[] = Array.from({ length: 200 }, (_, i) => ({
      operatorId: `op-${String(i).padStart(3, '0')}`,
      name: `Operator ${i}`,
      seniority: i % 4 === 0 ? 'senior' : 'junior',
      state: i % 10 === 1 ? 'offline' : 'available',
      openProspects: i % 4 === 0 ? i % 20 : 0,
      callbacksDue: i % 3,
    }));
    const leads: SuggestionLead[] = Array.from({ length: 100_000 }, (_, i) => ({
      leadId: `L-${i}`,
      stage: i % 5 === 0 ? 'prospect' : i % 17 === 0 ? 'opportunity' : 'contacted',
      ownerOperatorId: i % 7 === 0 ? null : operators[i % 200].operatorId,
      lastTouchedAt: new Date(NOW_MS - (i % 600) * 60_000).toISOString(),
    }));
    // Its speed is measured by bench/reassignment.mjs; here, that a large campaign gets a bounded, sound answer.
    const result = suggestReassignments({ now: new Date(NOW_MS).toISOString(), leads, operators }, { prospectSlaSeconds: 7200, seniorCap: 25 });
    expect(result.suggestions.length).toBeGreaterThan(0);
  });
});
