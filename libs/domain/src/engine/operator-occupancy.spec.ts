import fc from 'fast-check';
import { OPERATOR_STATES, type OperatorState } from '@leadboard/contracts';
import { advanceOperator, type OperatorPosition, type OperatorStateEventLike } from './operator-occupancy';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const ev = (id: string, s: number, state: OperatorState): OperatorStateEventLike => ({ eventId: id, occurredAt: at(s), state });
const START: OperatorPosition = { state: 'offline', sinceMs: null, sinceEventId: null };

describe('advanceOperator', () => {
  it('takes the latest event by (occurredAt, eventId) and books each state it leaves', () => {
    const step = advanceOperator(START, [ev('b', 60, 'on_call'), ev('a', 0, 'available'), ev('c', 90, 'wrap_up')]);
    expect(step.position).toEqual({ state: 'wrap_up', sinceMs: T0 + 90_000, sinceEventId: 'c' });
    expect(step.last?.eventId).toBe('c');
    expect(step.spans).toEqual([
      { fromMs: T0, toMs: T0 + 60_000, loggedIn: true, busy: false },
      { fromMs: T0 + 60_000, toMs: T0 + 90_000, loggedIn: true, busy: true },
    ]);
  });

  it('books nothing for time spent offline, and ignores an event older than the current state', () => {
    const current: OperatorPosition = { state: 'offline', sinceMs: T0 + 100_000, sinceEventId: 'm' };
    const step = advanceOperator(current, [ev('z', 50, 'available'), ev('n', 160, 'paused')]);
    expect(step.position).toEqual({ state: 'paused', sinceMs: T0 + 160_000, sinceEventId: 'n' });
    expect(step.spans).toEqual([]);
    expect(advanceOperator(current, [ev('a', 100, 'available')]).last).toBeNull();
    expect(advanceOperator(current, [ev('z', 100, 'available')]).last?.eventId).toBe('z');
  });

  it('ends in the same state whatever the order and the split of the events (property)', () => {
    const eventsArb = fc.uniqueArray(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 3 }), s: fc.integer({ min: 0, max: 20 }), state: fc.constantFrom(...OPERATOR_STATES) }),
      { selector: (e) => e.id, minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(eventsArb, fc.array(fc.integer({ min: 0, max: 11 })), fc.integer(), (raw, cuts, seed) => {
        const events = raw.map((e) => ev(e.id, e.s, e.state));
        const whole = advanceOperator(START, events).position;
        const shuffled = [...events].sort((a, b) => ((a.eventId.charCodeAt(0) * seed) % 7) - ((b.eventId.charCodeAt(0) * seed) % 7));
        const bounds = [...new Set(cuts.filter((c) => c < shuffled.length))].sort((a, b) => a - b);
        let pos = START;
        let from = 0;
        for (const cut of [...bounds, shuffled.length]) {
          pos = advanceOperator(pos, shuffled.slice(from, cut)).position;
          from = cut;
        }
        expect(pos).toEqual(whole);
      }),
    );
  });

  it('never books more time than the span from the first to the last event (property)', () => {
    const eventsArb = fc.array(fc.record({ s: fc.integer({ min: 0, max: 7200 }), state: fc.constantFrom(...OPERATOR_STATES) }), { maxLength: 10 });
    fc.assert(
      fc.property(eventsArb, (raw) => {
        const events = raw.map((e, i) => ev(`e${i}`, e.s, e.state));
        const booked = advanceOperator(START, events).spans.reduce((sum, s) => sum + (s.toMs - s.fromMs), 0);
        const times = raw.map((e) => e.s * 1000);
        expect(booked).toBeLessThanOrEqual(times.length ? Math.max(...times) - Math.min(...times) : 0);
      }),
    );
  });
});
