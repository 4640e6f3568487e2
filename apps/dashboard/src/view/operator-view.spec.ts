import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE_THRESHOLDS,
  conversionsToday,
  formatDuration,
  gridOrder,
  initials,
  openLeadsTotal,
  shortName,
  stateCounts,
  stateTone,
  thresholdsFromQuery,
  timeInState,
} from './operator-view';

const load = (over = {}) => ({
  timeInStateSeconds: 30,
  occupancy: 0.5,
  callsToday: 12,
  talkSecondsToday: 1800,
  prospectsToday: 2,
  customersToday: 1,
  openLeads: { contacted: 3, prospect: 2, opportunity: 1 },
  callbacksDue: 0,
  asOf: '2026-11-23T09:00:00Z',
  ...over,
});

describe('operator state tones (VICIdial-like thresholds)', () => {
  const t = DEFAULT_STATE_THRESHOLDS;
  it('turns a pause into "over pause limit" at the limit', () => {
    expect(stateTone('paused', t.pauseLimitSeconds - 1)).toBe('paused');
    expect(stateTone('paused', t.pauseLimitSeconds)).toBe('pausedOver');
  });
  it('flags long waits, long calls and long wrap-ups', () => {
    expect(stateTone('available', 10)).toBe('waiting');
    expect(stateTone('available', t.waitLongSeconds)).toBe('waitingLong');
    expect(stateTone('on_call', 60)).toBe('inCall');
    expect(stateTone('on_call', t.longCallSeconds)).toBe('inCallLong');
    expect(stateTone('wrap_up', t.wrapLimitSeconds - 1)).toBe('wrapUp');
    expect(stateTone('wrap_up', t.wrapLimitSeconds)).toBe('wrapOver');
    expect(stateTone('offline', 99999)).toBe('offline');
    expect(stateTone('paused', null)).toBe('paused');
  });
  it('takes thresholds from the wall URL in minutes, ignoring nonsense', () => {
    const q = thresholdsFromQuery({ pauseLimit: '15', wrapLimit: 'x', waitLong: '-3', longCall: '0.5' });
    expect(q.pauseLimitSeconds).toBe(900);
    expect(q.wrapLimitSeconds).toBe(t.wrapLimitSeconds);
    expect(q.waitLongSeconds).toBe(t.waitLongSeconds);
    expect(q.longCallSeconds).toBe(30);
    expect(stateTone('paused', 700, q)).toBe('paused');
  });
});

describe('time in state', () => {
  it('runs the server figure on with the client clock from when it was read', () => {
    const op = { operatorId: 'op-1', name: null, seniority: 'junior' as const, state: 'paused' as const, since: null, load: load(), receivedAt: 1_000_000 };
    expect(timeInState(op, 1_000_000)).toBe(30);
    expect(timeInState(op, 1_045_500)).toBe(75);
  });
  it('falls back to since, then to nothing', () => {
    const since = new Date(2_000_000).toISOString();
    expect(timeInState({ operatorId: 'op-1', name: null, seniority: 'junior', state: 'on_call', since }, 2_090_000)).toBe(90);
    expect(timeInState({ operatorId: 'op-1', name: null, seniority: 'junior', state: 'on_call', since: null }, 2_090_000)).toBeNull();
  });
  it('formats as m:ss or h:mm:ss', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(605)).toBe('10:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('—');
  });
});

describe('names and load', () => {
  it('shows initials and a short name', () => {
    expect(initials('Giulia Rossi', 'op-1')).toBe('GR');
    expect(initials('Luc', 'op-1')).toBe('LU');
    expect(initials(null, 'op-042')).toBe('042');
    expect(shortName('Giulia Maria Rossi', 'op-1')).toBe('Giulia R.');
    expect(shortName(null, 'op-7')).toBe('op-7');
  });
  it('sums conversions and open leads', () => {
    const op = { operatorId: 'op-1', name: null, seniority: 'senior' as const, state: 'on_call' as const, since: null, load: load() };
    expect(conversionsToday(op)).toBe(3);
    expect(openLeadsTotal(op)).toBe(6);
    expect(conversionsToday({ ...op, load: undefined })).toBeNull();
  });
  it('orders the grid by name, offline last, and counts states', () => {
    const ops = [
      { operatorId: 'b', name: 'Zoe', seniority: 'junior' as const, state: 'on_call' as const, since: null },
      { operatorId: 'a', name: 'anna', seniority: 'junior' as const, state: 'offline' as const, since: null },
      { operatorId: 'c', name: 'Bruno', seniority: 'senior' as const, state: 'paused' as const, since: null },
    ];
    expect([...ops].sort(gridOrder).map((o) => o.operatorId)).toEqual(['c', 'b', 'a']);
    expect(stateCounts(ops)).toEqual({ available: 0, on_call: 1, wrap_up: 0, paused: 1, offline: 1 });
  });
});
