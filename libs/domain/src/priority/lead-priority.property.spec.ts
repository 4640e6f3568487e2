import fc from 'fast-check';
import type { CallOutcomeEvent, LeadCreatedEvent } from '@leadboard/contracts';
import { compareEvents } from '../event-order';
import { applyLeadEvent, foldLeadEvents, initialLeadState, isAfterLastApplied, type LeadEvent } from '../lead-funnel';
import { detailsFromCreated } from '../lead-details';
import type { CampaignRules, LeadState } from '../lead-state';
import { FRESH_FULL_MS, FRESH_ZERO_MS, leadPriority, nextPriorityChangeAt, priorityInputOf, waitingSince, type PrioritySettings } from './lead-priority';
import type { TargetRule } from './target-rules';

const T0 = Date.parse('2026-11-30T09:00:00Z');
const RULES: CampaignRules = { maxAttempts: 3, qualificationThreshold: 3 };
const at = (second: number) => new Date(T0 + second * 1000).toISOString();

const answer = fc.constantFrom(true, false, null, undefined);
const callArb = fc
  .record({
    second: fc.integer({ min: 0, max: 3600 }),
    disposition: fc.constantFrom('NA', 'INTERESTED', 'QUALIFIED', 'CALLBACK', 'NOT_INTERESTED', 'SALE', 'B'),
    qualification: fc.option(fc.record({ need: answer, budget: answer, authority: answer, timeline: answer }), { nil: undefined }),
    callbackSecond: fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
  })
  .map((c) => (eventId: string): CallOutcomeEvent => ({
    eventId,
    type: 'call.outcome',
    occurredAt: at(c.second),
    campaignId: 'c-1',
    leadId: 'L-1',
    operatorId: 'op-1',
    disposition: c.disposition,
    talkSeconds: 30,
    wrapSeconds: 5,
    ...(c.qualification ? { qualification: c.qualification } : {}),
    ...(c.callbackSecond !== undefined ? { callbackAt: at(c.callbackSecond) } : {}),
  }));
const createdArb = fc
  .record({
    second: fc.integer({ min: 0, max: 3600 }),
    sector: fc.constantFrom('hotels', 'retail', undefined),
    urgency: fc.constantFrom('subito', 'later', undefined),
    employees: fc.constantFrom(10, 80, '250', undefined),
  })
  .map((c) => (eventId: string): LeadCreatedEvent => {
    const attributes: Record<string, string | number> = {};
    if (c.sector !== undefined) attributes['sector'] = c.sector;
    if (c.urgency !== undefined) attributes['urgency'] = c.urgency;
    if (c.employees !== undefined) attributes['company_employees'] = c.employees;
    return { eventId, type: 'lead.created', occurredAt: at(c.second), campaignId: 'c-1', leadId: 'L-1', lead: { source: 'meta_ads', name: 'Maria Rossi', attributes } };
  });
const eventsArb = fc
  .uniqueArray(fc.tuple(fc.stringMatching(/^[a-f0-9]{1,4}$/), fc.oneof({ arbitrary: createdArb, weight: 1 }, { arbitrary: callArb, weight: 3 })), {
    selector: ([id]) => id,
    minLength: 1,
    maxLength: 12,
  })
  .map((pairs) => pairs.map(([id, build]): LeadEvent => build(id)));

const ruleArb: fc.Arbitrary<TargetRule> = fc.oneof(
  fc.record({ field: fc.constant('sector'), op: fc.constantFrom('eq' as const, 'contains' as const), value: fc.constantFrom('hotels', 'HOT'), weight: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ field: fc.constant('company.employees'), op: fc.constantFrom('gte' as const, 'lte' as const), value: fc.integer({ min: 0, max: 300 }), weight: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ field: fc.constant('source'), op: fc.constant('in' as const), value: fc.constant<string[]>(['meta_ads', 'web_form']), weight: fc.integer({ min: 1, max: 20 }) }),
);
const settingsArb: fc.Arbitrary<PrioritySettings> = fc.record({
  // Weights add up to at most 40, as the API enforces: the rules past that are left out.
  target: fc.array(ruleArb, { maxLength: 4 }).map((rules) => rules.filter((_, i) => rules.slice(0, i + 1).reduce((sum, r) => sum + r.weight, 0) <= 40)),
  hotThreshold: fc.integer({ min: 1, max: 100 }),
});
const nowArb = fc.integer({ min: -600, max: 2 * 24 * 3600 }).map((s) => T0 + s * 1000);

/** What the worker does as events arrive: in order → applied one by one; late → the whole history folded again. */
function applyAsTheyArrive(arrival: LeadEvent[]): { state: LeadState; seen: LeadEvent[] } {
  let state = initialLeadState();
  const seen: LeadEvent[] = [];
  for (const e of arrival) {
    seen.push(e);
    state = isAfterLastApplied(state, e) ? applyLeadEvent(state, e, RULES).state : foldLeadEvents(seen, RULES).state;
  }
  return { state, seen };
}

function priorityOf(state: LeadState, events: LeadEvent[], settings: PrioritySettings, now: number) {
  const created = [...events].sort(compareEvents).filter((e): e is LeadCreatedEvent => e.type === 'lead.created');
  return leadPriority(priorityInputOf(state, detailsFromCreated(created)), settings, now);
}

describe('leadPriority, property-based', () => {
  it('never depends on the order the events arrived in', () => {
    fc.assert(
      fc.property(
        eventsArb.chain((events) => fc.record({ events: fc.constant(events), arrival: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }) })),
        settingsArb,
        nowArb,
        ({ events, arrival }, settings, now) => {
          const reference = priorityOf(foldLeadEvents(events, RULES).state, events, settings, now);
          const { state, seen } = applyAsTheyArrive(arrival);
          expect(priorityOf(state, seen, settings, now)).toEqual(reference);
        },
      ),
    );
  });

  it('stays a whole number within 0–100, hot exactly as the rule says, for any lead and instant', () => {
    fc.assert(
      fc.property(eventsArb, settingsArb, nowArb, (events, settings, now) => {
        const state = foldLeadEvents(events, RULES).state;
        const p = priorityOf(state, events, settings, now);
        expect(Number.isInteger(p.priority)).toBe(true);
        expect(p.priority).toBeGreaterThanOrEqual(0);
        expect(p.priority).toBeLessThanOrEqual(100);
        const callbackDue = (state.stage === 'prospect' || state.stage === 'opportunity') && state.callbackAt !== null && Date.parse(state.callbackAt) <= now;
        expect(p.hot).toBe(p.priority >= settings.hotThreshold || callbackDue);
        const points = p.reasons.reduce((sum, r) => sum + (typeof r.params['points'] === 'number' ? r.params['points'] : 0), 0);
        expect(points).toBe(p.priority);
      }),
    );
  });

  it('only loses freshness as time passes: priority never rises with time alone', () => {
    fc.assert(
      fc.property(eventsArb, settingsArb, nowArb, fc.integer({ min: 0, max: 24 * 3600 }), (events, settings, now, laterSeconds) => {
        const state = foldLeadEvents(events, RULES).state;
        expect(priorityOf(state, events, settings, now + laterSeconds * 1000).priority).toBeLessThanOrEqual(priorityOf(state, events, settings, now).priority);
      }),
    );
  });

  it('waits since an instant that does not depend on arrival order either', () => {
    fc.assert(
      fc.property(eventsArb.chain((events) => fc.record({ events: fc.constant(events), arrival: fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }) })), ({ events, arrival }) => {
        const ref = foldLeadEvents(events, RULES).state;
        const { state } = applyAsTheyArrive(arrival);
        const since = (s: LeadState) => waitingSince(s.lastEventAtMs === null ? null : new Date(s.lastEventAtMs).toISOString(), s.callbackAt);
        expect(since(state)).toBe(since(ref));
      }),
    );
  });

  it('changes with time alone exactly at nextPriorityChangeAt: the same answer before it, another at it', () => {
    fc.assert(
      fc.property(eventsArb, settingsArb, nowArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 3 * 24 * 3600 }), (events, settings, now, f, laterSeconds) => {
        const state = foldLeadEvents(events, RULES).state;
        const input = priorityInputOf(state, detailsFromCreated(events.filter((e): e is LeadCreatedEvent => e.type === 'lead.created')) ?? null);
        const at = (t: number) => leadPriority(input, settings, t);
        const next = nextPriorityChangeAt(input, now);
        if (next === null) {
          expect(at(now + laterSeconds * 1000)).toEqual(at(now));
          return;
        }
        expect(next).toBeGreaterThan(now);
        expect(at(now + Math.floor(f * (next - 1 - now)))).toEqual(at(now));
        expect(at(next - 1)).toEqual(at(now));
        expect(at(next)).not.toEqual(at(now));
      }),
    );
  });

  it('finds the freshness steps to the millisecond over the whole day', () => {
    const created = Date.parse('2026-11-30T08:00:00Z');
    const input = { stage: 'new' as const, bant: { need: null, timeline: null }, source: null, attributes: null, company: null, createdAt: new Date(created).toISOString(), callbackAt: null };
    const settings = { target: [], hotThreshold: 70 };
    let now = created;
    let steps = 0;
    for (let next = nextPriorityChangeAt(input, now); next !== null; next = nextPriorityChangeAt(input, now)) {
      expect(leadPriority(input, settings, next - 1)).toEqual(leadPriority(input, settings, now));
      expect(leadPriority(input, settings, next)).not.toEqual(leadPriority(input, settings, now));
      now = next;
      steps += 1;
    }
    // 30 points lost one by one between 5 minutes and a day, then nothing more to wait for.
    expect(steps).toBe(30);
    expect(now).toBeGreaterThan(created + FRESH_FULL_MS);
    expect(now).toBeLessThanOrEqual(created + FRESH_ZERO_MS);
  });
});
