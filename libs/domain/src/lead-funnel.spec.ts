import type { Stage } from '@leadboard/contracts';
import { DEFAULT_CAMPAIGN_RULES } from './lead-state';
import type { CampaignRules, LeadState } from './lead-state';
import { applyLeadEvent, foldLeadEvents, initialLeadState, isAfterLastApplied } from './lead-funnel';
import type { LeadEvent } from './lead-funnel';
import { callOutcome, deepFreeze, history, leadCreated, minute } from './testing/lead-event-builders';

const rules = DEFAULT_CAMPAIGN_RULES;
const fold = (events: readonly LeadEvent[], r: CampaignRules = rules) => foldLeadEvents(events, r);
const stateAfter = (...dispositions: string[]) => fold(history(...dispositions)).state;
const bant = (need: boolean | null, budget: boolean | null, authority: boolean | null, timeline: boolean | null) => ({
  qualification: { need, budget, authority, timeline },
});

/** A lead put in each starting stage by calls at minutes 1…n; the tested call comes at minute 50. */
const STARTS: Record<string, string[]> = {
  new: [],
  contacted: ['INTERESTED'],
  nurturing: ['NOT_NOW'],
  lost: ['NOT_INTERESTED'],
  opportunity: ['APPOINTMENT_SET'],
  customer: ['SALE'],
  dnc: ['DO_NOT_CALL'],
};
const START_NAMES = ['new', 'contacted', 'nurturing', 'lost', 'opportunity', 'customer', 'dnc'] as const;

/** The dispositions table: the stage after one call, from each starting stage (columns of START_NAMES). */
const TABLE: [string, Stage[]][] = [
  ['NO_ANSWER', ['new', 'contacted', 'nurturing', 'lost', 'opportunity', 'customer', 'dnc']],
  ['BUSY', ['new', 'contacted', 'nurturing', 'lost', 'opportunity', 'customer', 'dnc']],
  ['VOICEMAIL', ['new', 'contacted', 'nurturing', 'lost', 'opportunity', 'customer', 'dnc']],
  ['DROPPED', ['new', 'contacted', 'nurturing', 'lost', 'opportunity', 'customer', 'dnc']],
  ['WRONG_NUMBER', ['lost', 'lost', 'lost', 'lost', 'lost', 'customer', 'dnc']],
  ['NOT_INTERESTED', ['lost', 'lost', 'lost', 'lost', 'lost', 'customer', 'dnc']],
  ['NOT_NOW', ['nurturing', 'nurturing', 'nurturing', 'nurturing', 'nurturing', 'customer', 'dnc']],
  ['CALLBACK', ['contacted', 'contacted', 'contacted', 'contacted', 'opportunity', 'customer', 'dnc']],
  ['INTERESTED', ['contacted', 'contacted', 'contacted', 'contacted', 'opportunity', 'customer', 'dnc']],
  ['QUALIFIED', ['prospect', 'prospect', 'prospect', 'prospect', 'opportunity', 'customer', 'dnc']],
  ['TRANSFERRED', ['prospect', 'prospect', 'prospect', 'prospect', 'opportunity', 'customer', 'dnc']],
  ['APPOINTMENT_SET', ['opportunity', 'opportunity', 'opportunity', 'opportunity', 'opportunity', 'customer', 'dnc']],
  ['SALE', ['customer', 'customer', 'customer', 'customer', 'customer', 'customer', 'dnc']],
  ['DO_NOT_CALL', ['dnc', 'dnc', 'dnc', 'dnc', 'dnc', 'customer', 'dnc']],
  ['SOMETHING_ELSE', ['new', 'contacted', 'nurturing', 'lost', 'opportunity', 'customer', 'dnc']],
];
const CASES = TABLE.flatMap(([disposition, targets]) =>
  START_NAMES.map((start, i) => ({ disposition, start, expected: targets[i] })),
);

describe('the dispositions table', () => {
  it.each(CASES)('$disposition from $start → $expected', ({ disposition, start, expected }) => {
    const before = stateAfter(...STARTS[start]);
    expect(before.stage).toBe(start);
    const call = callOutcome('x', 50, disposition, { operatorId: 'op-9' });
    const result = applyLeadEvent(before, call, rules);
    expect(result.state.stage).toBe(expected);
    expect(result.changes).toEqual(
      expected === start
        ? []
        : [{ from: start, to: expected, at: call.occurredAt, eventId: 'x', operatorId: 'op-9', cause: disposition }],
    );
    expect(result.state.attempts).toBe(before.attempts + 1);
    expect(result.dncViolation).toBe(start === 'dnc');
  });
});

describe('applyLeadEvent', () => {
  it('starts a lead at new on its first event, whatever the event', () => {
    const created = applyLeadEvent(initialLeadState(), leadCreated('e1', 0), rules);
    expect(created.changes).toEqual([
      { from: null, to: 'new', at: minute(0), eventId: 'e1', operatorId: null, cause: 'lead.created' },
    ]);
    expect(created.disposition).toBeNull();

    const called = applyLeadEvent(initialLeadState(), callOutcome('e2', 1, 'INTERESTED', { operatorId: 'op-3' }), rules);
    expect(called.changes).toEqual([
      { from: null, to: 'new', at: minute(1), eventId: 'e2', operatorId: 'op-3', cause: 'first_seen' },
      { from: 'new', to: 'contacted', at: minute(1), eventId: 'e2', operatorId: 'op-3', cause: 'INTERESTED' },
    ]);
    expect(called.disposition).toBe('INTERESTED');
  });

  it('lets lead.created set the source, never the stage, even when it arrives after the calls', () => {
    const { state, changes } = fold([callOutcome('c1', 1, 'QUALIFIED'), leadCreated('c0', 2, { lead: { source: 'meta_ads' } })]);
    expect(state).toMatchObject({ stage: 'prospect', source: 'meta_ads', firstEventAt: minute(1), firstCallAt: minute(1) });
    expect(changes.map((c) => c.cause)).toEqual(['first_seen', 'QUALIFIED']);
  });

  it('never mutates the state it is given', () => {
    const before = deepFreeze(stateAfter('INTERESTED'));
    const copy = structuredClone(before);
    applyLeadEvent(before, callOutcome('x', 50, 'SALE', bant(true, true, true, true)), rules);
    applyLeadEvent(before, leadCreated('y', 51), rules);
    expect(before).toEqual(copy);
  });

  it('maps dialer codes with tenant overrides', () => {
    const r = applyLeadEvent(stateAfter(), callOutcome('x', 50, 'appt'), rules, { APPT: 'APPOINTMENT_SET' });
    expect(r.state.stage).toBe('opportunity');
    expect(r.disposition).toBe('APPOINTMENT_SET');
    expect(applyLeadEvent(stateAfter(), callOutcome('x', 50, ' ni '), rules).state.stage).toBe('lost');
  });

  it('records an unknown code as OTHER: no stage effect, counted unmapped', () => {
    const { state, changes } = fold(history('INTERESTED', 'FOO', 'bar'));
    expect(state).toMatchObject({ stage: 'contacted', unmapped: 2, attempts: 3, lastDisposition: 'OTHER' });
    expect(changes).toHaveLength(2);
    expect(applyLeadEvent(state, callOutcome('x', 50, 'FOO'), rules).disposition).toBe('OTHER');
  });

  it('tracks first and last events', () => {
    const state = stateAfter('NO_ANSWER', 'CALLBACK');
    expect(state).toMatchObject({
      firstEventAt: minute(0),
      firstCallAt: minute(1),
      lastDisposition: 'CALLBACK',
      lastEventAtMs: Date.parse(minute(2)),
      lastEventId: 'c2',
      attempts: 2,
      noContactAttempts: 1,
    });
  });
});

describe('rule 1: "at least" and moving backwards', () => {
  it('brings a nurturing lead back to the named stage, not to the highest rank it had', () => {
    const state = stateAfter('APPOINTMENT_SET', 'NOT_NOW', 'CALLBACK');
    expect(state).toMatchObject({ stage: 'contacted', maxRank: 3 });
  });

  it('keeps the higher rank of a funnel stage', () => {
    expect(stateAfter('QUALIFIED', 'INTERESTED', 'CALLBACK', 'TRANSFERRED').stage).toBe('prospect');
    expect(stateAfter('APPOINTMENT_SET', 'QUALIFIED').stage).toBe('opportunity');
  });
});

describe('rule 2: absorbing stages', () => {
  it('keeps customer whatever comes next, without a compliance alert', () => {
    const { state, changes, dncViolations } = fold(history('SALE', 'DO_NOT_CALL', 'NOT_INTERESTED', 'NOT_NOW'));
    expect(state).toMatchObject({ stage: 'customer', maxRank: 4, attempts: 4 });
    expect(changes.map((c) => c.to)).toEqual(['new', 'customer']);
    expect(dncViolations).toEqual([]);
  });

  it('flags every later call to a dnc lead and still records it', () => {
    const events = [...history('DO_NOT_CALL', 'NO_ANSWER', 'SALE'), callOutcome('c4', 4, 'OTHER_CODE', bant(true, true, true, null))];
    const { state, changes, dncViolations } = fold(events);
    expect(state).toMatchObject({
      stage: 'dnc',
      attempts: 4,
      noContactAttempts: 1,
      unmapped: 1,
      lastDisposition: 'OTHER',
      bant: { need: true, budget: true, authority: true, timeline: null },
    });
    expect(changes.map((c) => c.to)).toEqual(['new', 'dnc']);
    expect(dncViolations).toEqual(['c2', 'c3', 'c4']);
  });

  it('does not flag the DO_NOT_CALL call itself', () => {
    expect(applyLeadEvent(stateAfter('INTERESTED'), callOutcome('x', 50, 'DNC'), rules).dncViolation).toBe(false);
  });
});

describe('rule 3: the qualification rule', () => {
  it('2 of 4 true with threshold 3: contacted only', () => {
    const state = fold([leadCreated('c0', 0), callOutcome('c1', 1, 'INTERESTED', bant(true, true, false, null))]).state;
    expect(state.stage).toBe('contacted');
  });

  it('3 of 4 true: prospect in one change caused by the qualification', () => {
    const { state, changes } = fold([leadCreated('c0', 0), callOutcome('c1', 1, 'INTERESTED', bant(true, true, true, false))]);
    expect(state).toMatchObject({ stage: 'prospect', maxRank: 2, contacted: true });
    expect(changes.slice(1)).toEqual([
      { from: 'new', to: 'prospect', at: minute(1), eventId: 'c1', operatorId: 'op-1', cause: 'qualification' },
    ]);
  });

  it('names the disposition when it alone reaches the final stage', () => {
    const qualified = fold([leadCreated('c0', 0), callOutcome('c1', 1, 'QUALIFIED', bant(true, true, true, true))]);
    expect(qualified.changes[1]).toMatchObject({ to: 'prospect', cause: 'QUALIFIED' });
    const appointment = fold([leadCreated('c0', 0), callOutcome('c1', 1, 'APPOINTMENT_SET', bant(true, true, true, true))]);
    expect(appointment.changes[1]).toMatchObject({ to: 'opportunity', cause: 'APPOINTMENT_SET' });
  });

  it('moves a nurturing lead to prospect through a CALLBACK with enough true answers', () => {
    const r = applyLeadEvent(stateAfter('NOT_NOW'), callOutcome('x', 50, 'CALLBACK', bant(true, true, true, true)), rules);
    expect(r.changes).toEqual([expect.objectContaining({ from: 'nurturing', to: 'prospect', cause: 'qualification' })]);
  });

  it('uses the threshold of the campaign', () => {
    const events = [leadCreated('c0', 0), callOutcome('c1', 1, 'INTERESTED', bant(true, true, null, null))];
    expect(fold(events, { ...rules, qualificationThreshold: 2 }).state.stage).toBe('prospect');
    expect(fold(events, { ...rules, qualificationThreshold: 3 }).state.stage).toBe('contacted');
    const three = [leadCreated('c0', 0), callOutcome('c1', 1, 'INTERESTED', bant(true, true, true, null))];
    expect(fold(three, { ...rules, qualificationThreshold: 4 }).state.stage).toBe('contacted');
  });

  it('counts answers carried by a no-contact call at the next contact call (rule 6)', () => {
    const events = [
      leadCreated('c0', 0),
      callOutcome('c1', 1, 'NO_ANSWER', bant(true, true, true, null)),
      callOutcome('c2', 2, 'INTERESTED'),
    ];
    const { state, changes } = fold(events);
    expect(fold(events.slice(0, 2)).state.stage).toBe('new');
    expect(state.stage).toBe('prospect');
    expect(changes[1]).toMatchObject({ from: 'new', to: 'prospect', eventId: 'c2', cause: 'qualification' });
  });

  it('counts answers carried by an unknown code, which itself changes nothing', () => {
    const events = [...history('INTERESTED'), callOutcome('c2', 2, 'ZZZ', bant(true, true, true, true))];
    expect(fold(events).state).toMatchObject({ stage: 'contacted', unmapped: 1 });
    expect(fold([...events, callOutcome('c3', 3, 'CALLBACK')]).state.stage).toBe('prospect');
  });

  it.each([
    ['NOT_INTERESTED', 'lost'],
    ['NOT_NOW', 'nurturing'],
    ['WRONG_NUMBER', 'lost'],
    ['DO_NOT_CALL', 'dnc'],
    ['BUSY', 'new'],
  ])('does not apply after %s, even with four true answers', (disposition, expected) => {
    const events = [leadCreated('c0', 0), callOutcome('c1', 1, disposition, bant(true, true, true, true))];
    expect(fold(events).state.stage).toBe(expected);
  });

  it('keeps the latest known value of each answer: null keeps, false replaces', () => {
    const events = [
      leadCreated('c0', 0),
      callOutcome('c1', 1, 'BUSY', bant(true, true, true, false)),
      callOutcome('c2', 2, 'BUSY', bant(null, false, null, null)),
      callOutcome('c3', 3, 'BUSY', { qualification: { timeline: true } }),
      callOutcome('c4', 4, 'BUSY', { qualification: null }),
    ];
    expect(fold(events).state.bant).toEqual({ need: true, budget: false, authority: true, timeline: true });
    expect(fold(events.slice(0, 3)).state.bant).toEqual({ need: true, budget: false, authority: true, timeline: false });
    expect(fold([...events.slice(0, 3), callOutcome('c9', 9, 'INTERESTED')]).state.stage).toBe('contacted');
  });
});

describe('maxAttempts', () => {
  it('sends a lead still new to nurturing at the maxAttempts-th no-contact call', () => {
    const five = fold(history('NO_ANSWER', 'BUSY', 'VOICEMAIL', 'DROPPED', 'NA'));
    expect(five.state.stage).toBe('new');
    const six = fold(history('NO_ANSWER', 'BUSY', 'VOICEMAIL', 'DROPPED', 'NA', 'AM'));
    expect(six.state).toMatchObject({ stage: 'nurturing', noContactAttempts: 6, maxRank: 0 });
    expect(six.changes[1]).toMatchObject({ from: 'new', to: 'nurturing', eventId: 'c6', cause: 'max_attempts' });
  });

  it('uses the campaign setting and ignores unknown codes', () => {
    const r = { ...rules, maxAttempts: 2 };
    expect(fold(history('NO_ANSWER', 'ZZZ'), r).state.stage).toBe('new');
    expect(fold(history('NO_ANSWER', 'ZZZ', 'B'), r).state.stage).toBe('nurturing');
  });

  it('does not apply to a lead that was contacted', () => {
    const r = { ...rules, maxAttempts: 2 };
    expect(fold(history('INTERESTED', 'NO_ANSWER', 'NO_ANSWER', 'NO_ANSWER'), r).state.stage).toBe('contacted');
    expect(fold(history('NO_ANSWER', 'NOT_INTERESTED', 'NO_ANSWER', 'NO_ANSWER'), r).state.stage).toBe('lost');
  });

  it('lets a nurtured lead re-enter the funnel when a person is reached', () => {
    const state = fold(history('NO_ANSWER', 'NO_ANSWER', 'INTERESTED'), { ...rules, maxAttempts: 2 }).state;
    expect(state).toMatchObject({ stage: 'contacted', maxRank: 1, contacted: true });
  });
});

describe('owner', () => {
  const calls = (...specs: [string, string | null][]) => [
    leadCreated('c0', 0),
    ...specs.map(([d, op], i) => callOutcome(`c${i + 1}`, i + 1, d, { operatorId: op })),
  ];

  it('is the operator of the latest contact call', () => {
    expect(fold(calls(['INTERESTED', 'op-1'], ['CALLBACK', 'op-2'])).state.ownerOperatorId).toBe('op-2');
  });

  it('is not changed by a no-contact call, an unknown code or a call without an operator', () => {
    const state = fold(calls(['INTERESTED', 'op-1'], ['NO_ANSWER', 'op-2'], ['ZZZ', 'op-3'], ['WRONG_NUMBER', 'op-4'], ['CALLBACK', null])).state;
    expect(state.ownerOperatorId).toBe('op-1');
  });

  it('follows contact calls to a lost or nurturing lead, which is still open', () => {
    expect(fold(calls(['NOT_INTERESTED', 'op-1'], ['INTERESTED', 'op-2'])).state.ownerOperatorId).toBe('op-2');
    expect(fold(calls(['NOT_NOW', 'op-1'])).state.ownerOperatorId).toBe('op-1');
  });

  it('stays the one the lead had when it became customer or dnc', () => {
    expect(fold(calls(['INTERESTED', 'op-1'], ['SALE', 'op-2'], ['CALLBACK', 'op-3'])).state.ownerOperatorId).toBe('op-2');
    expect(fold(calls(['INTERESTED', 'op-1'], ['DO_NOT_CALL', 'op-2'], ['INTERESTED', 'op-3'])).state.ownerOperatorId).toBe('op-2');
  });

  it('is never changed by calls once a manager assigned it', () => {
    const start: LeadState = { ...initialLeadState(), ownerOperatorId: 'op-senior', ownerAssigned: true };
    const state = foldLeadEvents(calls(['INTERESTED', 'op-1']), rules, undefined, start).state;
    expect(state).toMatchObject({ ownerOperatorId: 'op-senior', ownerAssigned: true, stage: 'contacted' });
  });
});

describe('callbackAt', () => {
  const callback = callOutcome('c1', 1, 'CALLBACK', { callbackAt: '2026-11-24T15:00:00+01:00' });

  it('is set by a CALLBACK and kept by no-contact calls and unknown codes', () => {
    const state = fold([leadCreated('c0', 0), callback, callOutcome('c2', 2, 'NO_ANSWER'), callOutcome('c3', 3, 'ZZZ')]).state;
    expect(state.callbackAt).toBe('2026-11-24T15:00:00+01:00');
  });

  it.each(['INTERESTED', 'CALLBACK', 'NOT_INTERESTED', 'WRONG_NUMBER', 'DO_NOT_CALL'])('is cleared by a later %s without one', (d) => {
    expect(fold([leadCreated('c0', 0), callback, callOutcome('c2', 2, d)]).state.callbackAt).toBeNull();
  });

  it('is never kept on a dnc lead', () => {
    const state = fold([...history('DO_NOT_CALL'), callOutcome('c2', 2, 'CALLBACK', { callbackAt: minute(90) })]).state;
    expect(state.callbackAt).toBeNull();
  });
});

describe('foldLeadEvents and isAfterLastApplied', () => {
  it('applies events sorted by (instant, eventId), each once (rule 4)', () => {
    const a = callOutcome('b', 1, 'NOT_INTERESTED');
    const b = { ...callOutcome('a', 1, 'INTERESTED'), occurredAt: '2026-11-23T10:01:00+01:00' };
    const sorted = fold([leadCreated('c0', 0), b, a]);
    expect(sorted.state.stage).toBe('lost');
    expect(fold([a, a, leadCreated('c0', 0), b, a]).state).toEqual(sorted.state);
    expect(sorted.state.attempts).toBe(2);
  });

  it('corrects the state when a late event changes history', () => {
    const late = callOutcome('c9', 1, 'QUALIFIED');
    const onTime = [leadCreated('c0', 0), callOutcome('c2', 2, 'NOT_NOW')];
    expect(fold(onTime).state.stage).toBe('nurturing');
    expect(fold([...onTime, late]).state).toMatchObject({ stage: 'nurturing', maxRank: 2 });
  });

  it('tells whether an event can be applied on top of a state', () => {
    const state = fold([leadCreated('c0', 0), callOutcome('m', 5, 'INTERESTED')]).state;
    expect(isAfterLastApplied(initialLeadState(), callOutcome('x', 0, 'BUSY'))).toBe(true);
    expect(isAfterLastApplied(state, callOutcome('a', 6, 'BUSY'))).toBe(true);
    expect(isAfterLastApplied(state, callOutcome('n', 5, 'BUSY'))).toBe(true);
    expect(isAfterLastApplied(state, callOutcome('m', 5, 'BUSY'))).toBe(false);
    expect(isAfterLastApplied(state, callOutcome('l', 5, 'BUSY'))).toBe(false);
    expect(isAfterLastApplied(state, { ...callOutcome('l', 5, 'BUSY'), occurredAt: '2026-11-23T10:05:00+01:00' })).toBe(false);
    expect(isAfterLastApplied(state, callOutcome('z', 4, 'BUSY'))).toBe(false);
  });
});
