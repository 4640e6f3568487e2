/**
 * What every VICIdial translation shares: reading a parameter (a value VICIdial left as its
 * `--A--name--B--` placeholder reads as absent), the context a tenant gives (its time zone, its
 * default campaign, the time the request came), and the answer: one contract event, none (an
 * agent event Leadboard ignores), or the problem in words — words that go back to VICIdial's log
 * and to the Sources page, so they never carry a parameter's value other than ids and times.
 */
import { validateEvent, type IngestEvent, type VicidialParams } from '@leadboard/contracts';
import { stableHash } from './stable-hash';

export interface VicidialContext {
  /** IANA zone VICIdial writes its local times in. */
  timeZone: string;
  /** Used when a URL comes with an empty `campaign`. */
  defaultCampaignId: string | null;
  receivedAt: Date;
}

export type VicidialTranslation<E extends IngestEvent> =
  | { ok: true; event: E }
  | { ok: true; event: null; ignored: string }
  | { ok: false; problem: string };

const PLACEHOLDER = /^--A--[A-Za-z0-9_]+--B--$/;

/** A trimmed value, or undefined when absent, empty or left as VICIdial's placeholder. */
export function param(params: VicidialParams, name: string): string | undefined {
  const v = params[name]?.trim();
  return v && !PLACEHOLDER.test(v) ? v : undefined;
}

/** Names of required parameters that are absent, saying so when VICIdial left its placeholder (no `VAR` prefix). */
export function missingParams(params: VicidialParams, names: readonly string[]): string | null {
  const missing = names.filter((n) => param(params, n) === undefined);
  if (!missing.length) return null;
  const unreplaced = missing.filter((n) => PLACEHOLDER.test(params[n]?.trim() ?? ''));
  const hint = unreplaced.length ? ` (${unreplaced.join(', ')} arrived as VICIdial's --A--…--B-- placeholder: start the URL with VAR)` : '';
  return `missing ${missing.join(', ')}${hint}`;
}

/** Unix seconds (VICIdial's `epoch`); a fraction is accepted. */
export function readEpoch(value: string | undefined): { ok: true; ms: number | null } | { ok: false } {
  if (value === undefined) return { ok: true, ms: null };
  if (!/^\d{1,12}(\.\d+)?$/.test(value)) return { ok: false };
  return { ok: true, ms: Math.round(Number(value) * 1000) };
}

/**
 * An event id from VICIdial's own ids, or (when they are all empty, or too long for an id) a hash of
 * every parameter but the key, so that the same request sent twice still applies once.
 */
export function eventIdOf(prefix: string, parts: readonly string[], params: VicidialParams, haveIds: boolean): string {
  const id = `${prefix}:${parts.join(':')}`;
  if (haveIds && id.length <= 128) return id;
  const canonical = Object.keys(params)
    .filter((k) => k !== 'key' && params[k] !== undefined)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return `${prefix}:#${stableHash(canonical)}`;
}

/** Contract field → the VICIdial parameter it came from, so a 400 names what VICIdial sent. */
const PARAM_OF_FIELD: Readonly<Record<string, string>> = {
  eventId: 'uniqueid',
  leadId: 'lead_id',
  campaignId: 'campaign',
  operatorId: 'user',
  disposition: 'dispo',
  talkSeconds: 'talk_time',
  occurredAt: 'epoch',
  callbackAt: 'callback_datetime',
  notes: 'call_notes',
  state: 'event',
};

/** Runs the contract's own validation on the translated event; its errors are named after VICIdial's parameters. */
export function validated<E extends IngestEvent>(raw: Record<string, unknown>): VicidialTranslation<E> {
  const { event, errors } = validateEvent(raw, 0);
  if (event) return { ok: true, event: event as E };
  const problems = errors.map((e) => {
    const head = e.path.split('.')[0];
    return `${PARAM_OF_FIELD[head] ?? e.path}: ${e.message}`;
  });
  return { ok: false, problem: problems.join('; ') };
}
