/**
 * Which hot leads count for `prospects_waiting` (domain page, "Alerts"): the definition the server's
 * SQL (AlertInputsReader) implements for a whole campaign at once, here for one lead so that it can be
 * read and tested. A junior who has just qualified a lead is doing their job: what the rule is about is
 * the hand-off that does not happen, and the senior who does not follow up.
 */
import type { AlertThresholds } from './alert-thresholds';

export interface HotLeadClocks {
  stage: 'prospect' | 'opportunity';
  /** The current owner's seniority; null with no owner, or an owner who is not a known operator. */
  ownerSeniority: 'junior' | 'senior' | null;
  /**
   * When the lead became a prospect (ISO): its latest entry into prospect or opportunity from a lower or
   * side stage. A prospect that became an opportunity keeps this clock; null when unknown.
   */
  prospectSince: string | null;
  /** The later of the lead's latest event and its latest reassignment to its current owner (ISO); null when unknown. */
  lastTouchedAt: string | null;
}

/** Why the lead waits, or null when it does not. */
export type ProspectWaitReason = 'no_senior' | 'not_followed_up';

/**
 * - Without a senior owner (nobody, a junior, an unknown operator): waiting once it has been a prospect
 *   for longer than the hand-off SLA.
 * - With a senior owner: waiting once untouched for longer than the follow-up SLA.
 * "Longer than" is strict. An unknown time counts as past any SLA (nobody can say it is fresh).
 */
export function prospectWaitReason(
  lead: HotLeadClocks,
  now: Date | string,
  t: Pick<AlertThresholds, 'prospectHandoffSlaSeconds' | 'prospectFollowUpSlaSeconds'>,
): ProspectWaitReason | null {
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  const olderThan = (iso: string | null, seconds: number): boolean => {
    const at = iso === null ? Number.NaN : Date.parse(iso);
    return !Number.isFinite(at) || !Number.isFinite(nowMs) || nowMs - at > seconds * 1000;
  };
  if (lead.ownerSeniority !== 'senior') return olderThan(lead.prospectSince, t.prospectHandoffSlaSeconds) ? 'no_senior' : null;
  return olderThan(lead.lastTouchedAt, t.prospectFollowUpSlaSeconds) ? 'not_followed_up' : null;
}
