import fc from 'fast-check';
import { CANONICAL_DISPOSITIONS, LEAD_SOURCES } from '@leadboard/contracts';
import type { CallOutcomeEvent, CanonicalDisposition, LeadCreatedEvent } from '@leadboard/contracts';
import { eventTime, sortAndDedupe } from './event-order';
import type { CampaignRules, LeadState, StageChange } from './lead-state';
import { applyLeadEvent, foldLeadEvents, funnelRank, initialLeadState, isAfterLastApplied } from './lead-funnel';
import type { LeadEvent } from './lead-funnel';
import { appendCallCodes, callCodesOf, encodeLeadCalls, foldCallCodes, type EncodedLead } from './call-codes';
import { applyIncrementally, planLeadApply } from './engine/lead-apply-plan';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const pad = (n: number) => String(n).padStart(2, '0');

/** The same instant written in one of several zones, so equal instants come as different strings. */
function isoInZone(ms: number, zone: 'Z' | number, withFraction: boolean): string {
  const offset = zone === 'Z' ? 0 : zone;
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, withFraction ? 23 : 19);
  if (zone === 'Z') return `${local}Z`;
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

const occurredAtArb = fc
  .record({
    second: fc.integer({ min: 0, max: 30 }),
    millis: fc.constantFrom(0, 0, 250),
    zone: fc.constantFrom<'Z' | number>('Z', 0, 60, -300, 330),
  })
  .map(({ second, millis, zone }) => isoInZone(T0 + second * 1000 + millis, zone, millis !== 0));

const dispositionArb = fc.constantFrom<string>(
  ...CANONICAL_DISPOSITIONS,
  'na', ' AM ', 'b', 'drop', 'adc', 'ni', 'Dec', 'callbk', 'Xfer', 'sale', 'DNCL',
  'ZZZ', 'other', 'not-a-code',
);
const answerArb = fc.constantFrom(true, true, false, null, undefined);
const qualificationArb = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.record({ need: answerArb, budget: answerArb, authority: answerArb, timeline: answerArb }),
);

const callArb = fc
  .record({
    occurredAt: occurredAtArb,
    disposition: dispositionArb,
    operatorId: fc.constantFrom('op-1', 'op-2', null, undefined),
    qualification: qualificationArb,
    callbackAt: fc.option(occurredAtArb, { nil: undefined }),
  })
  .map((body) => (eventId: string): CallOutcomeEvent => ({
    eventId,
    type: 'call.outcome',
    campaignId: 'c-1',
    leadId: 'L-1',
    talkSeconds: 30,
    wrapSeconds: 5,
    ...body,
  }));

const createdArb = fc
  .record({ occurredAt: occurredAtArb, source: fc.constantFrom(...LEAD_SOURCES) })
  .map(({ occurredAt, source }) => (eventId: string): LeadCreatedEvent => ({
    eventId,
    type: 'lead.created',
    occurredAt,
    campaignId: 'c-1',
    leadId: 'L-1',
    lead: { source },
  }));

const idArb = fc.string({ unit: fc.constantFrom('a', 'b', 'B', '1', '9', '-', 'é'), minLength: 1, maxLength: 3 });

const eventsArb = fc
  .uniqueArray(fc.tuple(idArb, fc.oneof({ arbitrary: createdArb, weight: 1 }, { arbitrary: callArb, weight: 5 })), {
    selector: ([id]) => id,
    minLength: 1,
    maxLength: 20,
  })
  .map((pairs) => pairs.map(([id, build]): LeadEvent => build(id)));

const rulesArb: fc.Arbitrary<CampaignRules> = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 4 }),
  qualificationThreshold: fc.integer({ min: 0, max: 4 }),
  // 0 days: no call is within the cooling-off; absent: the default (every call of a scenario is).
  coolingOffDays: fc.constantFrom(undefined, 0, 30),
}, { requiredKeys: ['maxAttempts', 'qualificationThreshold'] });

const overridesArb = fc.constantFrom<Readonly<Record<string, CanonicalDisposition>> | undefined>(undefined, {
  zzz: 'INTERESTED',
  NA: 'CALLBACK',
});

/** The lead's events in some arrival order, some of them delivered more than once. */
const scenarioArb = fc.record({ events: eventsArb, rules: rulesArb, overrides: overridesArb }).chain((s) =>
  fc
    .array(fc.nat({ max: s.events.length - 1 }), { maxLength: 8 })
    .chain((dups) => {
      const delivered = [...s.events, ...dups.map((i) => structuredClone(s.events[i]))];
      return fc.shuffledSubarray(delivered, { minLength: delivered.length, maxLength: delivered.length });
    })
    .chain((arrival) => fc.record({ arrival: fc.constant(arrival), split: fc.nat({ max: s.events.length }) }))
    .map(({ arrival, split }) => ({ ...s, arrival, split })),
);

describe('foldLeadEvents, property-based', () => {
  it('folds any arrival order with any duplicates to the same state and changes as the sorted, deduplicated list', () => {
    fc.assert(
      fc.property(scenarioArb, ({ events, arrival, rules, overrides }) => {
        const reference = foldLeadEvents(sortAndDedupe(events), rules, overrides);
        expect(foldLeadEvents(arrival, rules, overrides)).toEqual(reference);
        expect(foldLeadEvents(events, rules, overrides)).toEqual(reference);
      }),
    );
  });

  it('folding a prefix then applying the rest one by one equals folding everything', () => {
    fc.assert(
      fc.property(scenarioArb, ({ events, split, rules, overrides }) => {
        const sorted = sortAndDedupe(events);
        const prefix = foldLeadEvents(sorted.slice(0, split), rules, overrides);
        let state = prefix.state;
        const changes = [...prefix.changes];
        const dncViolations = [...prefix.dncViolations];
        const lostLeadCalls = [...prefix.lostLeadCalls];
        for (const event of sorted.slice(split)) {
          expect(isAfterLastApplied(state, event)).toBe(true);
          const step = applyLeadEvent(state, event, rules, overrides);
          state = step.state;
          changes.push(...step.changes);
          if (step.dncViolation) dncViolations.push(event.eventId);
          if (step.lostLeadCall) lostLeadCalls.push(step.lostLeadCall);
        }
        expect({ state, changes, dncViolations, lostLeadCalls }).toEqual(foldLeadEvents(events, rules, overrides));
      }),
    );
  });

  it('applying in arrival order, refolding whenever an event is not after the last applied, ends in the full fold', () => {
    fc.assert(
      fc.property(scenarioArb, ({ events, arrival, rules, overrides }) => {
        const seen: LeadEvent[] = [];
        let state: LeadState | null = null;
        for (const event of arrival) {
          seen.push(event);
          state =
            state !== null && isAfterLastApplied(state, event)
              ? applyLeadEvent(state, event, rules, overrides).state
              : foldLeadEvents(seen, rules, overrides).state;
        }
        expect(state).toEqual(foldLeadEvents(events, rules, overrides).state);
      }),
    );
  });

  it('gives the same result when every time is rewritten as the same instant in UTC', () => {
    const withoutTimes = ({ state, changes, dncViolations, lostLeadCalls }: ReturnType<typeof foldLeadEvents>) => ({
      state: { ...state, firstEventAt: null, firstCallAt: null, notInterestedAt: state.notInterestedAt ? eventTime(state.notInterestedAt) : null },
      changes: changes.map(({ at: _at, ...rest }) => rest),
      dncViolations,
      // the NOT_INTERESTED time is kept as it was written: compared as an instant
      lostLeadCalls: lostLeadCalls.map((c) => ({ ...c, notInterestedAt: eventTime(c.notInterestedAt) })),
    });
    fc.assert(
      fc.property(scenarioArb, ({ events, rules, overrides }) => {
        const inUtc = events.map((e) => ({ ...e, occurredAt: new Date(eventTime(e.occurredAt)).toISOString() }));
        expect(withoutTimes(foldLeadEvents(inUtc, rules, overrides))).toEqual(withoutTimes(foldLeadEvents(events, rules, overrides)));
      }),
    );
  });

  it('produces a consistent history', () => {
    fc.assert(
      fc.property(scenarioArb, ({ events, rules, overrides }) => {
        const { state, changes, dncViolations, lostLeadCalls } = foldLeadEvents(events, rules, overrides);
        expect(changes[0]).toMatchObject({ from: null, to: 'new' });
        // Only calls can be lost-lead calls, and only to a lead that was lost at some point.
        const calls = new Set(events.filter((e) => e.type === 'call.outcome').map((e) => e.eventId));
        lostLeadCalls.forEach((c) => expect(calls.has(c.eventId)).toBe(true));
        if (!changes.some((c) => c.to === 'lost')) expect(lostLeadCalls).toEqual([]);
        if (state.notInterestedAt) expect(state.stage).toBe('lost');
        changes.slice(1).forEach((change: StageChange, i) => expect(change.from).toBe(changes[i].to));
        expect(changes[changes.length - 1].to).toBe(state.stage);
        const closedAt = changes.findIndex((c) => c.to === 'customer' || c.to === 'dnc');
        if (closedAt >= 0) expect(changes).toHaveLength(closedAt + 1);
        expect(state.maxRank).toBeGreaterThanOrEqual(funnelRank(state.stage) ?? 0);
        if (state.maxRank >= 1) expect(state.contacted).toBe(true);
        expect(state.attempts).toBe(events.filter((e) => e.type === 'call.outcome').length);
        if (state.stage !== 'dnc') expect(dncViolations).toEqual([]);
      }),
    );
  });
});

describe('foldCallCodes (the what-if\'s fold), property-based', () => {
  it('ends on the stage, highest rank and contact that foldLeadEvents ends on, for any history, rules and mapping', () => {
    fc.assert(
      fc.property(scenarioArb, ({ arrival, rules, overrides }) => {
        const { stage, maxRank, contacted } = foldLeadEvents(arrival, rules, overrides).state;
        expect(foldCallCodes(encodeLeadCalls(arrival, overrides), rules)).toEqual({ stage, maxRank, contacted });
      }),
      { numRuns: 1000 },
    );
  });

  it('kept as the engine keeps them (appended on an incremental apply, recoded on a refold) equal the codes of the sorted history', () => {
    let refolds = 0;
    let appends = 0;
    fc.assert(
      fc.property(
        scenarioArb.chain((s) => fc.record({ s: fc.constant(s), sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: s.arrival.length, maxLength: s.arrival.length }) })),
        ({ s: { events, arrival, rules, overrides }, sizes }) => {
          // The arrival cut into sets; each set's events not stored yet are fresh (the events' primary key).
          const stored: LeadEvent[] = [];
          let state: LeadState | null = null;
          let codes: EncodedLead = { events: 0, calls: '' };
          for (let i = 0, k = 0; i < arrival.length; i += sizes[k++]) {
            const fresh = arrival.slice(i, i + sizes[k]).filter((e, j, set) => !stored.some((x) => x.eventId === e.eventId) && set.findIndex((x) => x.eventId === e.eventId) === j);
            if (!fresh.length) continue;
            stored.push(...fresh);
            if (state !== null && planLeadApply(state, fresh) === 'refold') {
              refolds += 1;
              state = foldLeadEvents(stored, rules, overrides).state;
              codes = callCodesOf(stored, overrides);
            } else {
              appends += 1;
              state = applyIncrementally(state ?? initialLeadState(), fresh, rules, overrides).state;
              codes = appendCallCodes(codes, sortAndDedupe(fresh), overrides);
            }
          }
          expect(codes).toEqual({ events: sortAndDedupe(events).length, calls: encodeLeadCalls(events, overrides) });
          expect(codes).toEqual(callCodesOf(arrival, overrides));
        },
      ),
      { numRuns: 500 },
    );
    // Both ways of keeping them were taken.
    expect(refolds).toBeGreaterThan(0);
    expect(appends).toBeGreaterThan(0);
  });
});
