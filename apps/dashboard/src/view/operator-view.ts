/**
 * How an operator's tile reads on the wall screen: a state tone coloured by how long the operator
 * has been in it, the way supervisors know it from VICIdial's real-time report (waiting, in call,
 * wrap-up, paused, over the pause limit), with a shape and a word as well as a colour.
 */
import type { OperatorState, OperatorView } from '@leadboard/contracts';

export interface StateThresholds {
  /** Waiting (available) this long means idle capacity: the dialer is not feeding the operator. */
  waitLongSeconds: number;
  /** A call this long is flagged (not an alarm: closers talk long). */
  longCallSeconds: number;
  /** Wrap-up past this is over the limit. */
  wrapLimitSeconds: number;
  /** Pause past this is over the pause limit: the alarm supervisors act on. */
  pauseLimitSeconds: number;
}

export const DEFAULT_STATE_THRESHOLDS: Readonly<StateThresholds> = {
  waitLongSeconds: 5 * 60,
  longCallSeconds: 15 * 60,
  wrapLimitSeconds: 2 * 60,
  pauseLimitSeconds: 10 * 60,
};

export type StateTone =
  | 'waiting'
  | 'waitingLong'
  | 'inCall'
  | 'inCallLong'
  | 'wrapUp'
  | 'wrapOver'
  | 'paused'
  | 'pausedOver'
  | 'offline';

/** Shapes that read without colour (DejaVu Sans has them all). */
export const TONE_ICONS: Readonly<Record<StateTone, string>> = {
  waiting: '○',
  waitingLong: '◎',
  inCall: '●',
  inCallLong: '◉',
  wrapUp: '◐',
  wrapOver: '◐',
  paused: '❚❚',
  pausedOver: '⚠',
  offline: '✕',
};

/** Tones past a threshold: drawn with stripes and a thick outline as well. */
export const OVER_TONES: ReadonlySet<StateTone> = new Set(['waitingLong', 'wrapOver', 'pausedOver']);

export function stateTone(state: OperatorState, seconds: number | null, t: StateThresholds = DEFAULT_STATE_THRESHOLDS): StateTone {
  const s = seconds ?? 0;
  switch (state) {
    case 'available':
      return s >= t.waitLongSeconds ? 'waitingLong' : 'waiting';
    case 'on_call':
      return s >= t.longCallSeconds ? 'inCallLong' : 'inCall';
    case 'wrap_up':
      return s >= t.wrapLimitSeconds ? 'wrapOver' : 'wrapUp';
    case 'paused':
      return s >= t.pauseLimitSeconds ? 'pausedOver' : 'paused';
    default:
      return 'offline';
  }
}

/**
 * Seconds in the current state at client time `now`: the server's figure as of when it was read,
 * run on by the client's clock (so the TV's clock need not agree with the server's); from
 * `since` when there is no load.
 */
export function timeInState(op: OperatorView & { receivedAt?: number }, now: number): number | null {
  const base = op.load?.timeInStateSeconds;
  if (base !== null && base !== undefined) {
    const elapsed = op.receivedAt !== undefined ? Math.max(0, (now - op.receivedAt) / 1000) : 0;
    return Math.floor(base + elapsed);
  }
  if (op.since) {
    const since = Date.parse(op.since);
    if (!Number.isNaN(since)) return Math.max(0, Math.floor((now - since) / 1000));
  }
  return null;
}

/** `4:05`, `1:02:03`; null → `—`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** "Giulia Rossi" → "GR"; "Luc" → "LU"; no name → the id's last characters. */
export function initials(name: string | null, operatorId: string): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length >= 2) return (words[0][0] + words[words.length - 1][0]).toUpperCase();
  if (words.length === 1) return words[0].slice(0, 2).toUpperCase();
  return operatorId.replace(/^op[-_]?/i, '').slice(-3).toUpperCase() || operatorId.slice(0, 3).toUpperCase();
}

/** "Giulia Rossi" → "Giulia R."; no name → the id. */
export function shortName(name: string | null, operatorId: string): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return operatorId;
  if (words.length === 1) return words[0];
  return `${words[0]} ${words[words.length - 1][0]}.`;
}

/** Conversions today: prospects plus customers made by the operator's calls. */
export function conversionsToday(op: OperatorView): number | null {
  if (!op.load) return null;
  return op.load.prospectsToday + op.load.customersToday;
}

/** Open leads owned, all stages together: the "load" a manager sorts by. */
export function openLeadsTotal(op: OperatorView): number {
  if (!op.load) return 0;
  return Object.values(op.load.openLeads).reduce<number>((a, b) => a + (b ?? 0), 0);
}

/**
 * The wall grid's order: logged-in operators first, by name (a stable place: people find their
 * own tile), offline ones last.
 */
export function gridOrder(a: OperatorView, b: OperatorView): number {
  const off = Number(a.state === 'offline') - Number(b.state === 'offline');
  if (off !== 0) return off;
  const an = (a.name ?? a.operatorId).toLocaleLowerCase();
  const bn = (b.name ?? b.operatorId).toLocaleLowerCase();
  return an < bn ? -1 : an > bn ? 1 : a.operatorId < b.operatorId ? -1 : 1;
}

/** Counts per state, for the grid's legend ("12 in call, 3 paused…"). */
export function stateCounts(ops: Iterable<OperatorView>): Record<OperatorState, number> {
  const out: Record<OperatorState, number> = { available: 0, on_call: 0, wrap_up: 0, paused: 0, offline: 0 };
  for (const op of ops) out[op.state] += 1;
  return out;
}

/** Thresholds from the wall URL (`?pauseLimit=15&wrapLimit=3&waitLong=5&longCall=20`, minutes). */
export function thresholdsFromQuery(q: Record<string, unknown>): StateThresholds {
  const minutes = (key: string, fallback: number) => {
    const raw = q[key];
    const n = typeof raw === 'string' ? Number(raw) : NaN;
    return Number.isFinite(n) && n > 0 && n <= 24 * 60 ? Math.round(n * 60) : fallback;
  };
  return {
    waitLongSeconds: minutes('waitLong', DEFAULT_STATE_THRESHOLDS.waitLongSeconds),
    longCallSeconds: minutes('longCall', DEFAULT_STATE_THRESHOLDS.longCallSeconds),
    wrapLimitSeconds: minutes('wrapLimit', DEFAULT_STATE_THRESHOLDS.wrapLimitSeconds),
    pauseLimitSeconds: minutes('pauseLimit', DEFAULT_STATE_THRESHOLDS.pauseLimitSeconds),
  };
}
