import { compareEvents, eventTime, sortAndDedupe } from './event-order';

const ev = (eventId: string, occurredAt: string, tag = '') => ({ eventId, occurredAt, tag });

describe('eventTime', () => {
  it('compares instants, not the strings (rule 7)', () => {
    expect(eventTime('2026-11-23T10:00:00+01:00')).toBe(eventTime('2026-11-23T09:00:00Z'));
    expect(eventTime('2026-11-23T04:00:00-05:00')).toBe(Date.UTC(2026, 10, 23, 9));
    expect(eventTime('2026-11-23T00:30:00+01:00')).toBe(Date.UTC(2026, 10, 22, 23, 30));
  });

  it('keeps milliseconds and truncates finer digits', () => {
    expect(eventTime('2026-11-23T09:00:00.5Z')).toBe(Date.UTC(2026, 10, 23, 9, 0, 0, 500));
    expect(eventTime('2026-11-23T09:00:00.123999Z')).toBe(Date.UTC(2026, 10, 23, 9, 0, 0, 123));
  });

  it.each(['2026-11-23T09:00:00', '2026-11-23', 'yesterday', '2026-11-23T25:00:00Z', ''])('rejects %p', (value) => {
    expect(() => eventTime(value)).toThrow(RangeError);
  });
});

describe('compareEvents', () => {
  it('orders by instant first', () => {
    expect(compareEvents(ev('z', '2026-11-23T09:00:00Z'), ev('a', '2026-11-23T09:00:01Z'))).toBeLessThan(0);
    expect(compareEvents(ev('a', '2026-11-23T11:00:00+01:00'), ev('z', '2026-11-23T09:30:00Z'))).toBeGreaterThan(0);
  });

  it('breaks ties on the instant by plain string order of eventId', () => {
    const a = ev('e10', '2026-11-23T10:00:00+01:00');
    const b = ev('e9', '2026-11-23T09:00:00Z');
    expect(compareEvents(a, b)).toBeLessThan(0);
    expect(compareEvents(ev('Z', '2026-11-23T09:00:00Z'), ev('a', '2026-11-23T09:00:00Z'))).toBeLessThan(0);
    expect(compareEvents(a, { ...a })).toBe(0);
  });
});

describe('sortAndDedupe', () => {
  it('sorts by (instant, eventId) and keeps each eventId once, the first occurrence', () => {
    const events = [
      ev('b', '2026-11-23T09:00:00Z', 'first b'),
      ev('c', '2026-11-23T08:00:00Z'),
      ev('a', '2026-11-23T10:00:00+01:00'),
      ev('b', '2026-11-23T09:00:00Z', 'second b'),
    ];
    expect(sortAndDedupe(events)).toEqual([ev('c', '2026-11-23T08:00:00Z'), ev('a', '2026-11-23T10:00:00+01:00'), ev('b', '2026-11-23T09:00:00Z', 'first b')]);
  });

  it('does not touch its input', () => {
    const events = [ev('b', '2026-11-23T09:00:00Z'), ev('a', '2026-11-23T08:00:00Z')];
    sortAndDedupe(events);
    expect(events.map((e) => e.eventId)).toEqual(['b', 'a']);
  });
});

describe('eventTime, toISOString form', () => {
  it('reads the server-side form like any other way of writing the instant', () => {
    expect(eventTime('2026-11-23T09:00:00.250Z')).toBe(eventTime('2026-11-23T10:00:00.25+01:00'));
    expect(eventTime('2026-11-23T09:00:00.000Z')).toBe(Date.UTC(2026, 10, 23, 9));
    expect(() => eventTime('2026-13-23T09:00:00.000Z')).toThrow(RangeError);
  });
});
