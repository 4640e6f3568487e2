/** Per-campaign alert thresholds and their defaults (domain page, "Alerts"). */

export interface AlertThresholds {
  /** Contacts in the last hour needed before the qualification rule may fire: a handful of calls proves nothing. */
  qualificationMinContacts: number;
  /** prospect/contacted over the last hour below this fires the qualification rule. */
  qualificationFloor: number;
  /** … or below this fraction of the campaign's own trailing prospect/contacted rate. */
  qualificationTrailingFactor: number;
  speedToLeadSlaSeconds: number;
  /** Leads still `new` past the SLA that make the speed-to-lead rule fire (>=). */
  speedToLeadMaxWaiting: number;
  /**
   * How long a prospect or opportunity may go without a senior owner, counted from when it became a
   * prospect (a junior who just qualified a lead is doing their job; the hand-off that does not happen is the problem).
   */
  prospectHandoffSlaSeconds: number;
  /** How long a senior owner may leave a prospect or opportunity untouched (no event, no reassignment to them). */
  prospectFollowUpSlaSeconds: number;
  /** Prospects waiting (past either SLA) that make the prospects-waiting rule fire (>=): one or two is noise. */
  prospectsWaitingMin: number;
  /** Open prospects + opportunities a senior may own before counting as overloaded (>). */
  closerOpenProspectCap: number;
  /** dropped / live-answered over 30 days above this fires; 3 % is the US cap for predictive dialers. */
  dropRateMax: number;
  /**
   * Once raised, the qualification rule stays firing until prospect/contacted is back at least this far
   * above its line (a fraction: 0.03 = 3 points), so a rate hovering at the floor does not flap.
   */
  qualificationResolveMargin: number;
  /** Live-answered calls over 30 days needed before the drop rate is judged: 1 drop in 10 calls is not 10 %. */
  dropRateMinLiveAnswered: number;
  /** Once raised, the drop-rate rule stays firing until the rate is this far under the cap (0.003 = 0.3 points). */
  dropRateResolveMargin: number;
  /** How long a hot lead may wait for a call before `hot_lead_waiting` counts it (speed-to-lead for hot leads). */
  hotLeadSlaSeconds: number;
}

/** Frozen because one object is shared by every campaign without overrides. */
export const DEFAULT_ALERT_THRESHOLDS: Readonly<AlertThresholds> = Object.freeze({
  qualificationMinContacts: 20,
  qualificationFloor: 0.15,
  qualificationTrailingFactor: 0.5,
  speedToLeadSlaSeconds: 300,
  speedToLeadMaxWaiting: 10,
  prospectHandoffSlaSeconds: 900,
  prospectFollowUpSlaSeconds: 7200,
  prospectsWaitingMin: 3,
  closerOpenProspectCap: 25,
  dropRateMax: 0.03,
  qualificationResolveMargin: 0.03,
  dropRateMinLiveAnswered: 100,
  dropRateResolveMargin: 0.003,
  hotLeadSlaSeconds: 300,
});

// Object.keys gives string[]; the defaults literal above has exactly the keys of AlertThresholds.
const THRESHOLD_KEYS = Object.keys(DEFAULT_ALERT_THRESHOLDS) as (keyof AlertThresholds)[];

/**
 * The defaults with a campaign's overrides on top. Overrides come from stored JSON, so anything that is
 * not a finite number ≥ 0 (undefined, null, NaN, Infinity, a negative) falls back to the default rather
 * than silencing or flooding a rule; keys that are not thresholds are dropped.
 */
export function resolveThresholds(overrides: Partial<AlertThresholds> | null | undefined): AlertThresholds {
  const resolved: AlertThresholds = { ...DEFAULT_ALERT_THRESHOLDS };
  if (!overrides) return resolved;
  for (const key of THRESHOLD_KEYS) {
    const value: unknown = overrides[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) resolved[key] = value;
  }
  return resolved;
}
