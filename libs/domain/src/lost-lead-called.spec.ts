/** `lost_lead_called` detection in the fold (domain page, "Classification errors"). */
import { DEFAULT_CAMPAIGN_RULES } from './lead-state';
import { applyLeadEvent, foldLeadEvents } from './lead-funnel';
import { callOutcome, history, leadCreated } from './testing/lead-event-builders';

const rules = DEFAULT_CAMPAIGN_RULES;
const calls = (events: Parameters<typeof foldLeadEvents>[0], r = rules) => foldLeadEvents(events, r).lostLeadCalls.map((c) => c.eventId);
const DAY_MINUTES = 24 * 60;

describe('lost_lead_called', () => {
  it('flags a call to a lead that said NOT_INTERESTED within the cooling-off, whatever its disposition', () => {
    for (const disposition of ['NO_ANSWER', 'INTERESTED', 'NOT_INTERESTED', 'SALE']) {
      const { lostLeadCalls } = foldLeadEvents([...history('INTERESTED', 'NOT_INTERESTED'), callOutcome('late', 60, disposition)], rules);
      expect(lostLeadCalls).toEqual([{ eventId: 'late', notInterestedAt: '2026-11-23T09:02:00.000Z', coolingOffDays: 30 }]);
    }
  });

  it('does not flag a lead lost through a wrong number, nor the NOT_INTERESTED call itself', () => {
    expect(calls([...history('WRONG_NUMBER'), callOutcome('late', 60, 'INTERESTED')])).toEqual([]);
    expect(calls(history('INTERESTED', 'NOT_INTERESTED'))).toEqual([]);
  });

  it('counts the cooling-off from the call that said it: just inside flags, at the limit does not', () => {
    const said = history('NOT_INTERESTED'); // c1 at minute 1
    expect(calls([...said, callOutcome('x', 1 + 30 * DAY_MINUTES - 1, 'NO_ANSWER')])).toEqual(['x']);
    expect(calls([...said, callOutcome('x', 1 + 30 * DAY_MINUTES, 'NO_ANSWER')])).toEqual([]);
  });

  it("uses the campaign's coolingOffDays", () => {
    const events = [...history('NOT_INTERESTED'), callOutcome('x', 1 + 3 * DAY_MINUTES, 'NO_ANSWER')];
    expect(calls(events, { ...rules, coolingOffDays: 2 })).toEqual([]);
    expect(calls(events, { ...rules, coolingOffDays: 4 })).toEqual(['x']);
    expect(calls(events, { maxAttempts: 6, qualificationThreshold: 3 })).toEqual(['x']); // absent: 30 days
  });

  it('keeps the mark through non-contact calls and restarts the clock on a new NOT_INTERESTED', () => {
    const events = [...history('NOT_INTERESTED', 'NO_ANSWER', 'NOT_INTERESTED'), callOutcome('x', 3 + 30 * DAY_MINUTES - 1, 'BUSY')];
    // c2 and c3 were calls to the lost lead; x is within 30 days of c3 (minute 3), not of c1.
    expect(calls(events)).toEqual(['c2', 'c3', 'x']);
    expect(foldLeadEvents(events, rules).state.stage).toBe('lost');
  });

  it('forgets the mark once the lead leaves lost', () => {
    const events = [...history('NOT_INTERESTED', 'INTERESTED'), callOutcome('x', 10, 'NO_ANSWER')];
    const { state } = foldLeadEvents(events, rules);
    expect(state.stage).toBe('contacted');
    expect(state.notInterestedAt).toBeNull();
    expect(calls(events)).toEqual(['c2']);
  });

  it('is decided in event time, so a late NOT_INTERESTED does not flag the calls before it', () => {
    const events = [leadCreated('c0', 0), callOutcome('early', 5, 'NO_ANSWER'), callOutcome('ni', 10, 'NOT_INTERESTED')];
    expect(calls([events[2], events[1], events[0]])).toEqual([]);
  });

  it('never flags lead.created', () => {
    const lost = foldLeadEvents(history('NOT_INTERESTED'), rules).state;
    expect(applyLeadEvent(lost, leadCreated('again', 30), rules).lostLeadCall).toBeNull();
  });
});
