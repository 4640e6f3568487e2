/**
 * Which parts of a contract event are a lead's personal data, and how an event looks once they are
 * erased. Erasure keeps every fact the funnel is folded from (type, times, disposition, seconds,
 * qualification, callback, source), so folding an erased history gives the same stages.
 */
import type { IngestEvent } from '@leadboard/contracts';

/**
 * The JSON paths of personal data in a stored event: the lead's contact details and free attributes
 * of `lead.created`, the free-text notes of `call.outcome`. One list, read by the pure functions
 * below and by the SQL that erases stored payloads (`payload #- path` for each).
 */
export const PERSONAL_EVENT_PATHS: readonly (readonly string[])[] = [
  ['lead', 'name'],
  ['lead', 'phone'],
  ['lead', 'email'],
  ['lead', 'attributes'],
  ['notes'],
];

/** The event with its personal data removed (the same object when it had none). */
export function withoutPersonalData<E extends IngestEvent>(event: E): E {
  let changed = false;
  const copy: Record<string, unknown> = { ...event };
  for (const path of PERSONAL_EVENT_PATHS) {
    const [head, leaf] = path;
    if (leaf === undefined) {
      if (head in copy) {
        delete copy[head];
        changed = true;
      }
      continue;
    }
    const parent = copy[head];
    if (parent && typeof parent === 'object' && leaf in parent) {
      const { [leaf]: _dropped, ...rest } = parent as Record<string, unknown>;
      copy[head] = rest;
      changed = true;
    }
  }
  return changed ? (copy as E) : event;
}

/** Strips the personal data of the events about the given leads; `changed` counts the events that had some. */
export function eraseLeadsFromEvents<E extends IngestEvent>(events: readonly E[], leadIds: ReadonlySet<string>): { events: E[]; changed: number } {
  let changed = 0;
  const out = events.map((e) => {
    if (e.type === 'operator.state' || !leadIds.has(e.leadId)) return e;
    const stripped = withoutPersonalData(e);
    if (stripped !== e) changed += 1;
    return stripped;
  });
  return { events: out, changed };
}

export const ERASED_MARK = '[erased]';

/**
 * Free text written by people (a manager's reason for a move) may quote a lead's name, phone or
 * e-mail: each occurrence, in any letter case, becomes `[erased]`. Values shorter than 3 characters
 * are left alone: they would erase ordinary words, and identify nobody.
 */
export function redactValues(text: string, values: readonly (string | null | undefined)[]): string {
  let out = text;
  const wanted = [...new Set(values.filter((v): v is string => typeof v === 'string' && v.trim().length >= 3).map((v) => v.trim()))].sort(
    (a, b) => b.length - a.length,
  );
  for (const value of wanted) {
    const pattern = new RegExp(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    out = out.replace(pattern, ERASED_MARK);
  }
  return out;
}
