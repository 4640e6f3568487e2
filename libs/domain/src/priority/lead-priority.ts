/**
 * Who to call first (domain page, "Who to call first"): every open lead gets a priority from 0 to 100 and
 * the reasons that made it, from three parts that never depend on the order events arrived in:
 *
 * - target fit, up to 40: the weights of the campaign's target rules the lead meets (20 without a target);
 * - immediate need, up to 30: 30 when the latest BANT timeline is true or the lead said it is urgent,
 *   15 when only the need is known to be true;
 * - freshness, up to 30: 30 in the first 5 minutes after the lead arrived, down to 0 at 24 hours, in a
 *   straight line (speed-to-lead: the odds of reaching a lead fall fast after the first minutes).
 *
 * Hot: priority at or above the campaign's `hotThreshold`, or a prospect/opportunity whose callback is due.
 * Closed leads (customer, lost, dnc) have priority 0, are never hot and carry no reasons.
 */
import { DEFAULT_HOT_THRESHOLD, TARGET_MAX_POINTS, type PriorityReason, type Stage } from '@leadboard/contracts';
import { normalizeText, targetScore, type TargetFacts, type TargetRule } from './target-rules';
import { isOpenStage } from '../lead-stages';

const CALLBACK_HOT_STAGES: readonly Stage[] = ['prospect', 'opportunity'];

export const NO_TARGET_POINTS = 20;
export const IMMEDIATE_NEED_POINTS = 30;
export const NEED_ONLY_POINTS = 15;
export const FRESHNESS_MAX_POINTS = 30;
/** Full freshness for this long after the lead arrived… */
export const FRESH_FULL_MS = 5 * 60_000;
/** … then none from this age on. */
export const FRESH_ZERO_MS = 24 * 3600_000;

/** Attribute keys where a lead states its urgency, and the words that mean "now" (it, fr, en; accents ignored). */
const URGENCY_KEYS = ['need', 'urgency', 'when'];
const URGENT_WORDS = new Set(['now', 'immediate', 'asap', 'subito', 'urgente', 'immediat', 'urgent'].map(normalizeText));

export interface PriorityInput extends TargetFacts {
  stage: Stage;
  /** The latest known BANT answers (only need and timeline count here). */
  bant: { need: boolean | null; timeline: boolean | null };
  /** When the lead arrived: occurredAt of its earliest event. */
  createdAt: string | null;
  callbackAt: string | null;
}

export interface PrioritySettings {
  target: readonly TargetRule[];
  hotThreshold: number;
}

export const DEFAULT_PRIORITY_SETTINGS: PrioritySettings = Object.freeze({ target: Object.freeze([]) as readonly TargetRule[], hotThreshold: DEFAULT_HOT_THRESHOLD });

export interface LeadPriority {
  priority: number;
  hot: boolean;
  reasons: PriorityReason[];
}

const CLOSED: LeadPriority = Object.freeze({ priority: 0, hot: false, reasons: Object.freeze([]) as unknown as PriorityReason[] });

/** The value a lead gave under one of the urgency keys that means "now", if any. */
export function statedUrgency(attributes: Readonly<Record<string, unknown>> | null): string | null {
  if (!attributes) return null;
  for (const [key, value] of Object.entries(attributes)) {
    if (!URGENCY_KEYS.includes(key.trim().toLowerCase()) || typeof value !== 'string') continue;
    if (URGENT_WORDS.has(normalizeText(value))) return value.trim();
  }
  return null;
}

/** Freshness points at `ageMs` after arrival: whole points, 30 → 0 in a straight line from 5 min to 24 h. */
export function freshnessPoints(ageMs: number): number {
  if (ageMs <= FRESH_FULL_MS) return FRESHNESS_MAX_POINTS;
  if (ageMs >= FRESH_ZERO_MS) return 0;
  return Math.round((FRESHNESS_MAX_POINTS * (FRESH_ZERO_MS - ageMs)) / (FRESH_ZERO_MS - FRESH_FULL_MS));
}

/** The lead's priority, hotness and reasons at `nowMs`. Pure: the same input and instant give the same answer. */
export function leadPriority(input: PriorityInput, settings: PrioritySettings, nowMs: number): LeadPriority {
  if (!isOpenStage(input.stage)) return CLOSED;
  const reasons: PriorityReason[] = [];

  let target: number;
  if (settings.target.length === 0) {
    target = NO_TARGET_POINTS;
    reasons.push({ key: 'priority.noTarget', params: { points: target } });
  } else {
    const score = targetScore(input, settings.target, TARGET_MAX_POINTS);
    target = score.points;
    if (score.matched > 0) reasons.push({ key: 'priority.targetFit', params: { points: target, matched: score.matched, rules: settings.target.length } });
  }

  let need = 0;
  const urgency = statedUrgency(input.attributes);
  if (input.bant.timeline === true) {
    need = IMMEDIATE_NEED_POINTS;
    reasons.push({ key: 'priority.immediateNeed', params: { points: need } });
  } else if (urgency !== null) {
    need = IMMEDIATE_NEED_POINTS;
    reasons.push({ key: 'priority.statedUrgency', params: { points: need, value: urgency } });
  } else if (input.bant.need === true) {
    need = NEED_ONLY_POINTS;
    reasons.push({ key: 'priority.needOnly', params: { points: need } });
  }

  let fresh = 0;
  const created = input.createdAt === null ? NaN : Date.parse(input.createdAt);
  if (Number.isFinite(created)) {
    const ageMs = Math.max(0, nowMs - created);
    fresh = freshnessPoints(ageMs);
    // `since`, not an age: a stored reason then changes only when its points do (the schedule writes less).
    if (fresh > 0) reasons.push({ key: 'priority.fresh', params: { points: fresh, since: new Date(created).toISOString() } });
  }

  const priority = Math.max(0, Math.min(100, target + need + fresh));
  const callback = input.callbackAt === null ? NaN : Date.parse(input.callbackAt);
  const callbackDue = CALLBACK_HOT_STAGES.includes(input.stage) && Number.isFinite(callback) && callback <= nowMs;
  if (callbackDue) reasons.push({ key: 'priority.callbackDue', params: { at: new Date(callback).toISOString() } });
  // The strongest reason first: that is the one a wall screen shows.
  reasons.sort((a, b) => reasonWeight(b) - reasonWeight(a));
  return { priority, hot: priority >= settings.hotThreshold || callbackDue, reasons };
}

/**
 * The first instant after `nowMs` at which time alone changes the lead's priority, hotness or reasons (its
 * freshness losing a point, its callback coming due), or null when time alone never will: a closed lead,
 * or one whose freshness is spent and has no callback ahead. Until then `leadPriority` gives the same
 * answer at every instant, so the freshness schedule recomputes only the leads whose instant has come
 * rather than every lead less than a day old.
 */
export function nextPriorityChangeAt(input: PriorityInput, nowMs: number): number | null {
  if (!isOpenStage(input.stage)) return null;
  let next = Infinity;
  const created = input.createdAt === null ? NaN : Date.parse(input.createdAt);
  if (Number.isFinite(created)) {
    const points = freshnessPoints(Math.max(0, nowMs - created));
    if (points > 0) next = Math.max(nowMs + 1, created + firstAgeBelow(points));
  }
  const callback = input.callbackAt === null ? NaN : Date.parse(input.callbackAt);
  if (CALLBACK_HOT_STAGES.includes(input.stage) && Number.isFinite(callback) && callback > nowMs) next = Math.min(next, callback);
  return next === Infinity ? null : next;
}

/** The first whole millisecond of age at which freshness is below `points` (points ≥ 1). */
function firstAgeBelow(points: number): number {
  // The straight line rounds to `points` down to the age where it equals points − ½; floating point may
  // put the computed age a millisecond off either way, so it is settled against freshnessPoints itself.
  let age = Math.max(FRESH_FULL_MS, Math.floor(FRESH_ZERO_MS - ((points - 0.5) * (FRESH_ZERO_MS - FRESH_FULL_MS)) / FRESHNESS_MAX_POINTS));
  while (age > FRESH_FULL_MS && freshnessPoints(age - 1) < points) age -= 1;
  while (freshnessPoints(age) >= points) age += 1;
  return age;
}

function reasonWeight(r: PriorityReason): number {
  if (r.key === 'priority.callbackDue') return 1000;
  return typeof r.params['points'] === 'number' ? r.params['points'] : 0;
}

/**
 * Since when a lead waits for a call: its latest event (its arrival, or the last call), or its callback
 * time when that is later (a lead called back at 15:00 waits from 15:00). A future callback is not waiting yet.
 */
export function waitingSince(lastEventAt: string | null, callbackAt: string | null): string | null {
  const last = lastEventAt === null ? NaN : Date.parse(lastEventAt);
  const callback = callbackAt === null ? NaN : Date.parse(callbackAt);
  if (!Number.isFinite(last) && !Number.isFinite(callback)) return null;
  const at = Number.isFinite(callback) && (!Number.isFinite(last) || callback > last) ? callback : last;
  return new Date(at).toISOString();
}

export interface QueueEntry {
  leadId: string;
  priority: number;
  waitingSince: string | null;
}

/** The queue's order: priority desc, then waiting longest (no waiting time last), then lead id. */
export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const wa = a.waitingSince === null ? Infinity : Date.parse(a.waitingSince);
  const wb = b.waitingSince === null ? Infinity : Date.parse(b.waitingSince);
  if (wa !== wb) return wa < wb ? -1 : 1;
  return a.leadId < b.leadId ? -1 : a.leadId > b.leadId ? 1 : 0;
}

/** What a wall screen may show of a person: the first letters of the first and last name ("Maria De Luca" → "ML"). */
export function leadInitials(name: string | null | undefined): string {
  if (!name) return '';
  const words = name.split(/\s+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter((w) => w.length > 0);
  if (!words.length) return '';
  const first = (w: string) => Array.from(w)[0].toLocaleUpperCase();
  return words.length === 1 ? first(words[0]) : first(words[0]) + first(words[words.length - 1]);
}

/** The priority's input from a folded lead and its details (what the worker stores in the lead's row). */
export function priorityInputOf(
  state: { stage: Stage; bant: { need: boolean | null; timeline: boolean | null }; source: string | null; firstEventAt: string | null; callbackAt: string | null },
  details: { attributes: Readonly<Record<string, unknown>> | null; company?: Readonly<Record<string, unknown>> | null } | null,
): PriorityInput {
  return {
    stage: state.stage,
    bant: { need: state.bant.need, timeline: state.bant.timeline },
    source: state.source,
    attributes: details?.attributes ?? null,
    company: details?.company ?? null,
    createdAt: state.firstEventAt,
    callbackAt: state.callbackAt,
  };
}
