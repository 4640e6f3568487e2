import fc from 'fast-check';
import type { CallOutcomeEvent, LeadCreatedEvent } from '@leadboard/contracts';
import { foldLeadEvents, type LeadEvent } from '../lead-funnel';
import { DEFAULT_CAMPAIGN_RULES, type LeadState } from '../lead-state';
import { accountFigures, accountStageOfLead, countAccounts } from './account-stage';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const DISPOSITIONS = ['NA', 'INTERESTED', 'QUALIFIED', 'APPOINTMENT_SET', 'SALE', 'NI', 'DEC', 'DNC', 'CALLBK'];

/** Several leads of one company, each with a few events at close (sometimes equal) instants. */
const accountArb = fc.array(
  fc.array(fc.record({ second: fc.integer({ min: 0, max: 20 }), disposition: fc.constantFrom(...DISPOSITIONS), bant: fc.boolean() }), {
    minLength: 0,
    maxLength: 6,
  }),
  { minLength: 1, maxLength: 5 },
).map((leads) =>
  leads.flatMap((calls, l): LeadEvent[] => {
    const leadId = `L-${l}`;
    const created: LeadCreatedEvent = {
      eventId: `lc-${l}`,
      type: 'lead.created',
      occurredAt: new Date(T0).toISOString(),
      campaignId: 'c-1',
      leadId,
      lead: { source: 'web_form', company: { name: 'Acqua Pura S.r.l.' } },
    };
    return [
      created,
      ...calls.map(
        (c, i): CallOutcomeEvent => ({
          eventId: `co-${l}-${i}`,
          type: 'call.outcome',
          occurredAt: new Date(T0 + c.second * 1000).toISOString(),
          campaignId: 'c-1',
          leadId,
          operatorId: 'op-1',
          disposition: c.disposition,
          talkSeconds: 10,
          wrapSeconds: 0,
          qualification: c.bant ? { need: true, budget: true, authority: true, timeline: true } : null,
        }),
      ),
    ];
  }),
);

/** What the worker keeps: each lead's state, from its events in whatever order they came. */
function leadStates(arrival: readonly LeadEvent[]): LeadState[] {
  const byLead = new Map<string, LeadEvent[]>();
  for (const e of arrival) byLead.set(e.leadId, [...(byLead.get(e.leadId) ?? []), e]);
  return [...byLead.values()].map((events) => foldLeadEvents(events, DEFAULT_CAMPAIGN_RULES).state);
}

describe('account stage, property-based', () => {
  it('is the same whatever order the events of its leads arrive in, and however many times', () => {
    fc.assert(
      fc.property(
        accountArb.chain((events) =>
          fc.record({
            events: fc.constant(events),
            arrival: fc.shuffledSubarray([...events, ...events.slice(0, 3)], { minLength: events.length + Math.min(3, events.length), maxLength: events.length + Math.min(3, events.length) }),
          }),
        ),
        ({ events, arrival }) => {
          expect(accountFigures(leadStates(arrival))).toEqual(accountFigures(leadStates(events)));
        },
      ),
    );
  });

  it('is potential exactly when a lead reached prospect, customer exactly when one bought', () => {
    fc.assert(
      fc.property(accountArb, (events) => {
        const states = leadStates(events);
        const figures = accountFigures(states);
        expect(figures.stage === 'customer').toBe(states.some((s) => s.stage === 'customer'));
        expect(figures.stage !== 'lead').toBe(states.some((s) => s.maxRank >= 2));
        expect(figures.leads).toBe(states.length);
        expect(figures.customers).toBeLessThanOrEqual(figures.opportunities + states.filter((s) => s.maxRank === 4).length);
        expect(figures.contacts).toBeGreaterThanOrEqual(figures.opportunities);
      }),
    );
  });
});

describe('account stage', () => {
  it('follows the highest rank of any lead, not the current stages', () => {
    expect(accountStageOfLead({ maxRank: 1 })).toBe('lead');
    expect(accountStageOfLead({ maxRank: 2 })).toBe('potential');
    expect(accountStageOfLead({ maxRank: 4 })).toBe('customer');
    expect(accountFigures([{ maxRank: 0 }, { maxRank: 3 }, { maxRank: 1 }])).toEqual({
      stage: 'potential',
      leads: 3,
      contacts: 1,
      opportunities: 1,
      customers: 0,
    });
  });

  it('counts accounts, one each', () => {
    expect(countAccounts(['lead', 'potential', 'potential', 'customer'])).toEqual({ lead: 1, potential: 2, customer: 1 });
  });
});
