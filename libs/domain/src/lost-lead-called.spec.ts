/** `lost_lead_called` detection in the fold (domain page, "Classification errors"). */
import { DEFAULT_CAMPAIGN_RULES } from './lead-state';
import { applyLeadEvent, foldLeadEvents } from './lead-funnel';
import { callOutcome, history, leadCreated } from './testing/lead-event-builders';

const rules = DEFAULT_CAMPAIGN_RULES;
const DAY_MINUTES = 24 * 60;

describe('lost_lead_called', () => {
  it('flags a call to a lead that said NOT_INTERESTED within the cooling-off, whatever its disposition', () => {
    for (const disposition of ['NO_ANSWER', 'INTERESTED', 'NOT_INTERESTED', 'SALE']) {
      const { lostLeadCalls } = foldLeadEvents([...history('INTERESTED', 'NOT_INTERESTED'), callOutcome('late', 60, disposition)], rules);
      expect(lostLeadCalls).toEqual(['late']);
    }
  });

  it('does not flag a lead lost through a wrong number, nor the NOT_INTERESTED call itself', () => {
    expect(foldLeadEvents([...history('WRONG_NUMBER'), callOutcome('late', 60, 'INTERESTED')], rules).lostLeadCalls).toEqual([]);
    expect(foldLeadEvents(history('INTERESTED', 'NOT_INTERESTED'), rules).lostLeadCalls).toEqual([]);
  });

  it('counts the cooling-off from the call that said it: just inside flags, at the limit does not', () => {
    const said = history('NOT_INTERESTED'); // c1 at minute 1
    const inside = foldLeadEvents([...said, callOutcome('x', 1 + 30 * DAY_MINUTES - 1, 'NO_ANSWER')], rules);
    const atLimit = foldLeadEvents([...said, callOutcome('x', 1 + 30 * DAY_MINUTES, 'NO_ANSWER')], rules);
    expect(inside.lostLeadCalls).toEqual(['x']);
    expect(atLimit.lostLeadCalls).toEqual([]);
  });

  it("uses the campaign's coolingOffDays", () => {
    const events = [...history('NOT_INTERESTED'), callOutcome('x', 1 + 3 * DAY_MINUTES, 'NO_ANSWER')];
    expect(foldLeadEvents(events, { ...rules, coolingOffDays: 2 }).lostLeadCalls).toEqual([]);
    expect(foldLeadEvents(events, { ...rules, coolingOffDays: 4 }).lostLeadCalls).toEqual(['x']);
  });

  it('keeps the mark through non-contact calls and restarts the clock on a new NOT_INTERESTED', () => {
    const { state, lostLeadCalls } = foldLeadEvents(
      [...history('NOT_INTERESTED', 'NO_ANSWER', 'NOT_INTERESTED'), callOutcome('x', 4 + 30 * DAY_MINUTES - 2, 'BUSY')],
      rules,
    );
    // c2 and c3 were calls to the lost lead; x is within 30 days of c3 (minute 3), not of c1.
    expect(lostLeadCalls).toEqual(['c2', 'c3', 'x']);
    expect(state.stage).toBe('lost');
  });

  it('forgets the mark once the lead leaves lost', () => {
    const { state, lostLeadCalls } = foldLeadEvents(
      [...history('NOT_INTERESTED', 'INTERESTED'), callOutcome('x', 10, 'NO_ANSWER')],
      rules,
    );
    expect(state.stage).toBe('contacted');
    expect(state.notInterestedAt).toBeNull();
    expect(lostLeadCalls).toEqual(['c2']);
  });

  it('is decided in event time, so a late NOT_INTERESTED does not flag the calls before it', () => {
    const events = [leadCreated('c0', 0), callOutcome('early', 5, 'NO_ANSWER'), callOutcome('ni', 10, 'NOT_INTERESTED')];
    expect(foldLeadEvents([events[2], events[1], events[0]], rules).lostLeadCalls).toEqual([]);
  });

  it('never flags lead.created', () => {
    const lost = foldLeadEvents(history('NOT_INTERESTED'), rules).state;
    expect(applyLeadEvent(lost, leadCreated('again', 30), rules).lostLeadCalled).toBe(false);
  });
});
