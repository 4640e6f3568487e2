/**
 * Priority and the hot-lead queue (contract.md, "Priority, accounts, contribution, what-if"): the constants
 * the dashboard reads. No zod here (the schemas are in priority.ts), so importing these keeps zod out of
 * the dashboard's bundle.
 */

/** The operators of a target rule: `in` takes a list, `gte`/`lte` a number, `contains` a piece of text. */
export const TARGET_RULE_OPS = ['eq', 'in', 'gte', 'lte', 'contains'] as const;
export type TargetRuleOp = (typeof TARGET_RULE_OPS)[number];

/** A campaign's target: rules on the lead's attributes and company, worth at most this many points together. */
export const TARGET_MAX_POINTS = 40;
/** Rules a target may hold: enough for any real persona, few enough for a manager to read at a glance. */
export const TARGET_MAX_RULES = 20;
/** Priority from which an open lead is hot, unless the campaign sets its own (`hotThreshold`). */
export const DEFAULT_HOT_THRESHOLD = 70;

/**
 * Every reason a lead's priority can carry, as message keys the dashboard translates (it/fr/en):
 * `targetFit {points, matched, rules}`, `noTarget {points}`, `immediateNeed {points}` (BANT timeline),
 * `statedUrgency {points, value}` (the lead's own words), `needOnly {points}`, `fresh {points, since}` (when the lead arrived),
 * `callbackDue {at}`.
 */
export const PRIORITY_REASON_KEYS = [
  'priority.targetFit',
  'priority.noTarget',
  'priority.immediateNeed',
  'priority.statedUrgency',
  'priority.needOnly',
  'priority.fresh',
  'priority.callbackDue',
] as const;
export type PriorityReasonKey = (typeof PRIORITY_REASON_KEYS)[number];

export interface PriorityReason {
  key: PriorityReasonKey;
  params: Record<string, string | number>;
}

/** The queue's rows per page: at most this many (a dialer list of a few hundred is loaded at once). */
export const QUEUE_MAX_LIMIT = 500;
export const QUEUE_DEFAULT_LIMIT = 50;
/** The CSV export's rows at most: a day's calling list for a large team. */
export const QUEUE_CSV_MAX_ROWS = 5000;

/**
 * The live channel's `queue` message: a campaign's queue order changed other than through its events (its
 * target changed, or freshness decayed on the schedule). Events' own changes ride on `metrics`. No personal data.
 */
export interface QueueChangedMessage {
  campaignId: string;
  cause: 'target' | 'schedule';
  /** Open leads whose priority or hotness changed. */
  changed: number;
  at: string;
}

/** The target preview reads at most this many open leads (a live count while typing must stay cheap). */
export const TARGET_PREVIEW_MAX_LEADS = 20_000;
