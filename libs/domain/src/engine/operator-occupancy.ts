/**
 * An operator's state machine and the time it books (occupancy). The state is the latest
 * `operator.state` by (occurredAt, eventId), whatever the arrival order. Each step forward books the
 * time spent in the state it leaves; an event that sorts before the current state changes nothing
 * (its time was already booked as the later state's), so the state converges whatever the order
 * while the booked time follows the arrival order (the domain page's "operator time" note).
 */
import type { OperatorState } from '@leadboard/contracts';
import { compareEvents, eventTime, isAfterKey } from '../event-order';

export interface OperatorStateEventLike {
  eventId: string;
  occurredAt: string;
  state: OperatorState;
  campaignId?: string | null;
}

/** What is stored of an operator: its state since (epoch ms, eventId) of the event that set it. */
export interface OperatorPosition {
  state: OperatorState;
  sinceMs: number | null;
  sinceEventId: string | null;
}

/** Time spent in one state, to be split over hour buckets by the counters. */
export interface OccupancySpan {
  fromMs: number;
  toMs: number;
  /** Any state but `offline`. */
  loggedIn: boolean;
  /** `on_call` or `wrap_up`. */
  busy: boolean;
}

export interface OperatorStep<E extends OperatorStateEventLike = OperatorStateEventLike> {
  position: OperatorPosition;
  /** The last event that moved the operator; null when none of the events did. */
  last: E | null;
  spans: OccupancySpan[];
}

export const isLoggedIn = (state: OperatorState | string): boolean => state !== 'offline';
export const isBusy = (state: OperatorState | string): boolean => state === 'on_call' || state === 'wrap_up';

/** Applies an operator's fresh events (any order) on top of its stored position. */
export function advanceOperator<E extends OperatorStateEventLike>(current: OperatorPosition, events: readonly E[]): OperatorStep<E> {
  let { state, sinceMs, sinceEventId } = current;
  let last: E | null = null;
  const spans: OccupancySpan[] = [];
  for (const e of [...events].sort(compareEvents)) {
    if (sinceMs !== null && !isAfterKey(e, sinceMs, sinceEventId ?? '')) continue;
    const at = eventTime(e.occurredAt);
    if (sinceMs !== null && isLoggedIn(state) && at > sinceMs) spans.push({ fromMs: sinceMs, toMs: at, loggedIn: true, busy: isBusy(state) });
    state = e.state;
    sinceMs = at;
    sinceEventId = e.eventId;
    last = e;
  }
  return { position: { state, sinceMs, sinceEventId }, last, spans };
}
