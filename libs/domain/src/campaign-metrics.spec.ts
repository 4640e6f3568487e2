import { DEFAULT_CAMPAIGN_RULES } from './lead-state';
import type { LeadState } from './lead-state';
import {
  computeRates,
  emptyFunnelCounts,
  emptyStageCounts,
  funnelReached,
  median,
  summarizeLeads,
} from './campaign-metrics';
import { foldLeadEvents, initialLeadState } from './lead-funnel';
import type { LeadEvent } from './lead-funnel';
import { callOutcome, history, leadCreated } from './testing/lead-event-builders';

const lead = (events: readonly LeadEvent[]): LeadState => foldLeadEvents(events, DEFAULT_CAMPAIGN_RULES).state;
const after = (...dispositions: string[]) => lead(history(...dispositions));

describe('funnelReached (rule 5)', () => {
  it.each([
    [[], ['new']],
    [['NO_ANSWER', 'WRONG_NUMBER'], ['new']],
    [['NOT_INTERESTED'], ['new', 'contacted']],
    [['DO_NOT_CALL'], ['new', 'contacted']],
    [['NOT_NOW'], ['new', 'contacted']],
    [['QUALIFIED'], ['new', 'contacted', 'prospect']],
    [['APPOINTMENT_SET', 'NOT_NOW'], ['new', 'contacted', 'prospect', 'opportunity']],
    [['SALE'], ['new', 'contacted', 'prospect', 'opportunity', 'customer']],
  ])('after %j: %j', (dispositions, reached) => {
    expect(funnelReached(after(...dispositions))).toEqual(reached);
  });

  it('counts a rank reached without the contacted flag as contacted too', () => {
    expect(funnelReached({ ...initialLeadState(), maxRank: 2 })).toEqual(['new', 'contacted', 'prospect']);
  });
});

describe('computeRates', () => {
  it('is null for every zero denominator', () => {
    expect(computeRates(emptyFunnelCounts())).toEqual({ contact: null, qualification: null, prospectPerContacted: null, close: null });
    expect(computeRates({ new: 5, contacted: 0, prospect: 0, opportunity: 0, customer: 0 })).toEqual({
      contact: 0,
      qualification: 0,
      prospectPerContacted: null,
      close: null,
    });
  });

  it('divides the funnel counts and rounds to 4 decimals', () => {
    expect(computeRates({ new: 3, contacted: 2, prospect: 1, opportunity: 1, customer: 1 })).toEqual({
      contact: 0.6667,
      qualification: 0.3333,
      prospectPerContacted: 0.5,
      close: 1,
    });
    expect(computeRates({ new: 20000, contacted: 1, prospect: 0, opportunity: 0, customer: 0 }).contact).toBe(0.0001);
  });
});

describe('median', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
    [[0, 0, 10, 10], 5],
  ])('median(%j) = %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('summarizeLeads', () => {
  it('is all zeros and nulls without leads', () => {
    expect(summarizeLeads([])).toEqual({
      stages: emptyStageCounts(),
      funnel: emptyFunnelCounts(),
      rates: { contact: null, qualification: null, prospectPerContacted: null, close: null },
      attemptsPerLead: null,
      speedToLeadMedianSeconds: null,
      unmappedDispositions: 0,
    });
  });

  it('counts current stages, reached stages, attempts and unmapped codes', () => {
    const leads = [
      after(),
      after('NO_ANSWER', 'ZZZ'),
      after('NOT_INTERESTED'),
      after('QUALIFIED'),
      after('APPOINTMENT_SET', 'NOT_NOW', 'foo'),
      after('INTERESTED', 'SALE'),
    ];
    const summary = summarizeLeads(leads);
    expect(summary.stages).toEqual({ new: 2, contacted: 0, prospect: 1, opportunity: 0, customer: 1, nurturing: 1, lost: 1, dnc: 0 });
    expect(summary.funnel).toEqual({ new: 6, contacted: 4, prospect: 3, opportunity: 2, customer: 1 });
    expect(summary.rates).toEqual({ contact: 0.6667, qualification: 0.5, prospectPerContacted: 0.75, close: 0.3333 });
    expect(summary.attemptsPerLead).toBe(1.5);
    expect(summary.unmappedDispositions).toBe(2);
  });

  it('takes the median seconds from first event to first call over the leads that were called', () => {
    const at = (iso: string) => ({ occurredAt: iso });
    const leads = [
      lead([leadCreated('a0', 0), { ...callOutcome('a1', 0, 'BUSY'), ...at('2026-11-23T09:00:30Z') }]),
      lead([leadCreated('b0', 0), { ...callOutcome('b1', 0, 'BUSY'), ...at('2026-11-23T10:02:00+01:00') }]),
      lead([leadCreated('c0', 0), callOutcome('c1', 10, 'BUSY'), callOutcome('c2', 1, 'BUSY')]),
      lead([leadCreated('d0', 0)]),
    ];
    expect(summarizeLeads(leads).speedToLeadMedianSeconds).toBe(60);
    expect(summarizeLeads(leads.slice(0, 2)).speedToLeadMedianSeconds).toBe(75);
  });

  it('counts zero seconds for a lead whose first event is a call', () => {
    const state = lead([callOutcome('c1', 5, 'BUSY'), leadCreated('c0', 6)]);
    expect(summarizeLeads([state]).speedToLeadMedianSeconds).toBe(0);
  });

  it('accepts any iterable', () => {
    const states = new Map([['L-1', after('INTERESTED')]]);
    expect(summarizeLeads(states.values()).funnel.contacted).toBe(1);
  });
});
