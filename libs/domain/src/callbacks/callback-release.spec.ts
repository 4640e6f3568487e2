import fc from 'fast-check';
import { OPERATOR_STATES, STAGES } from '@leadboard/contracts';
import { callbackAction, callbackReleaseReason, type CallbackAction, type CallbackCandidate } from './callback-release';

const MIN = 60_000;
const RELEASE_AFTER = 15 * MIN;
const NOW = Date.parse('2026-11-23T12:00:00Z');

const owned = (over: Partial<CallbackCandidate> = {}): CallbackCandidate => ({
  stage: 'prospect',
  ownerOperatorId: 'op-1',
  ownerAssigned: false,
  ownerState: 'available',
  callbackAtMs: NOW - MIN,
  duePushedForMs: null,
  releasedForMs: null,
  ...over,
});

describe('callbackAction', () => {
  it('pushes a callback that came due to its online owner, once', () => {
    expect(callbackAction(owned(), NOW, RELEASE_AFTER)).toEqual({ kind: 'due' });
    expect(callbackAction(owned({ duePushedForMs: NOW - MIN }), NOW, RELEASE_AFTER)).toEqual({ kind: 'none' });
  });

  it('waits for a callback not yet due', () => {
    expect(callbackAction(owned({ callbackAtMs: NOW + 1 }), NOW, RELEASE_AFTER)).toEqual({ kind: 'none' });
  });

  it('releases a due callback whose owner is offline or unknown', () => {
    expect(callbackAction(owned({ ownerState: 'offline' }), NOW, RELEASE_AFTER)).toEqual({ kind: 'release', cause: 'owner_offline' });
    expect(callbackAction(owned({ ownerState: null }), NOW, RELEASE_AFTER)).toEqual({ kind: 'release', cause: 'owner_offline' });
  });

  it('releases a callback overdue by the delay, once: a manager who assigns the lead afterwards keeps it', () => {
    const overdue = owned({ callbackAtMs: NOW - RELEASE_AFTER, duePushedForMs: NOW - RELEASE_AFTER });
    expect(callbackAction(overdue, NOW, RELEASE_AFTER)).toEqual({ kind: 'release', cause: 'overdue' });
    const pinned = { ...overdue, releasedForMs: overdue.callbackAtMs, ownerAssigned: true };
    expect(callbackAction(pinned, NOW, RELEASE_AFTER)).toEqual({ kind: 'none' });
    // given back by a refold of the history, not by a manager: released again
    expect(callbackAction({ ...pinned, ownerAssigned: false }, NOW, RELEASE_AFTER)).toEqual({ kind: 'release', cause: 'overdue' });
  });

  it('treats a new callback afresh', () => {
    const earlier = NOW - 2 * RELEASE_AFTER;
    expect(callbackAction(owned({ callbackAtMs: NOW - MIN, duePushedForMs: earlier, releasedForMs: earlier, ownerAssigned: true }), NOW, RELEASE_AFTER)).toEqual({ kind: 'due' });
  });

  it('leaves closed leads, leads without owner and leads without callback alone', () => {
    for (const stage of ['customer', 'lost', 'dnc'] as const) expect(callbackAction(owned({ stage, ownerState: 'offline' }), NOW, RELEASE_AFTER)).toEqual({ kind: 'none' });
    expect(callbackAction(owned({ ownerOperatorId: null, ownerState: null }), NOW, RELEASE_AFTER)).toEqual({ kind: 'none' });
    expect(callbackAction(owned({ callbackAtMs: null }), NOW, RELEASE_AFTER)).toEqual({ kind: 'none' });
  });

  /** What CallbackStore writes for each action. */
  const applied = (c: CallbackCandidate, a: CallbackAction): CallbackCandidate =>
    a.kind === 'release'
      ? { ...c, ownerOperatorId: null, ownerState: null, ownerAssigned: false, releasedForMs: c.callbackAtMs, duePushedForMs: c.callbackAtMs }
      : a.kind === 'due'
        ? { ...c, duePushedForMs: c.callbackAtMs }
        : c;

  const candidateArb: fc.Arbitrary<CallbackCandidate> = fc.record({
    stage: fc.constantFrom(...STAGES),
    ownerOperatorId: fc.option(fc.constant('op-1'), { nil: null }),
    ownerAssigned: fc.boolean(),
    ownerState: fc.option(fc.constantFrom(...OPERATOR_STATES), { nil: null }),
    callbackAtMs: fc.option(fc.integer({ min: NOW - 3 * RELEASE_AFTER, max: NOW + RELEASE_AFTER }), { nil: null }),
    duePushedForMs: fc.option(fc.integer({ min: NOW - 3 * RELEASE_AFTER, max: NOW }), { nil: null }),
    releasedForMs: fc.option(fc.integer({ min: NOW - 3 * RELEASE_AFTER, max: NOW }), { nil: null }),
  });

  it('acts at most once per callback: what an action writes leaves nothing more to do at the same instant', () => {
    fc.assert(
      fc.property(candidateArb, (c) => {
        const first = callbackAction(c, NOW, RELEASE_AFTER);
        const after = applied(c, first);
        expect(callbackAction(after, NOW, RELEASE_AFTER)).toEqual({ kind: 'none' });
      }),
    );
  });

  it('never acts before the callback is due, nor on a closed lead', () => {
    fc.assert(
      fc.property(candidateArb, (c) => {
        const a = callbackAction(c, NOW, RELEASE_AFTER);
        if (c.callbackAtMs === null || c.callbackAtMs > NOW || ['customer', 'lost', 'dnc'].includes(c.stage)) expect(a).toEqual({ kind: 'none' });
      }),
    );
  });
});

it('words the release reason with the delay in its largest whole unit', () => {
  expect(callbackReleaseReason('overdue', 15 * MIN)).toBe('personal callback not made within 15 min of its time: released to the pool');
  expect(callbackReleaseReason('overdue', 2 * 3600_000)).toBe('personal callback not made within 2 h of its time: released to the pool');
  expect(callbackReleaseReason('overdue', 1500)).toBe('personal callback not made within 2 s of its time: released to the pool');
  expect(callbackReleaseReason('owner_offline', RELEASE_AFTER)).toBe('personal callback due while its owner is offline: released to the pool');
});
