/** The order of a lead's events (domain page, rules 4 and 7): by instant, then by eventId. */

export interface OrderedEvent {
  eventId: string;
  occurredAt: string;
}

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Epoch milliseconds of an ISO-8601 instant with a zone (the contracts' `occurredAt` format).
 * The string is rewritten to the one format `Date.parse` must accept, so the result does not
 * depend on the engine; digits past the millisecond are truncated.
 */
export function eventTime(occurredAt: string): number {
  // Fast path for `toISOString()`'s own form (what the server stores and reads back): the format every
  // engine must parse (ECMAScript's Date Time String Format). A refold or a what-if parses millions.
  if (occurredAt.length === 24 && occurredAt.charCodeAt(23) === 90 /* Z */ && occurredAt.charCodeAt(10) === 84 /* T */ && occurredAt.charCodeAt(19) === 46 /* . */) {
    const fast = Date.parse(occurredAt);
    if (!Number.isNaN(fast)) return fast;
  }
  const m = ISO_INSTANT.exec(occurredAt);
  const ms = m ? Date.parse(`${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}${m[4].toUpperCase()}`) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`occurredAt must be an ISO-8601 date-time with a zone, got "${occurredAt}"`);
  return ms;
}

function compareKeys(aMs: number, aId: string, bMs: number, bId: string): number {
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  if (aId === bId) return 0;
  return aId < bId ? -1 : 1;
}

/** Negative when `a` comes first; ties on the instant are broken by plain string order of eventId. */
export function compareEvents(a: OrderedEvent, b: OrderedEvent): number {
  return compareKeys(eventTime(a.occurredAt), a.eventId, eventTime(b.occurredAt), b.eventId);
}

/** True when the event sorts strictly after the key (epoch ms, eventId). */
export function isAfterKey(event: OrderedEvent, atMs: number, eventId: string): boolean {
  return compareKeys(eventTime(event.occurredAt), event.eventId, atMs, eventId) > 0;
}

/** Sorted by (instant, eventId), each eventId once: the first occurrence wins (delivery is at-least-once). */
export function sortAndDedupe<T extends OrderedEvent>(events: readonly T[]): T[] {
  const seen = new Set<string>();
  const keyed: { event: T; ms: number }[] = [];
  for (const event of events) {
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    keyed.push({ event, ms: eventTime(event.occurredAt) });
  }
  keyed.sort((a, b) => compareKeys(a.ms, a.event.eventId, b.ms, b.event.eventId));
  return keyed.map((k) => k.event);
}
