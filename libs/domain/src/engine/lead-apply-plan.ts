/**
 * How a lead takes a set of fresh events (domain rule 4): when they all sort after the last event
 * applied to it, on top of its stored state ("incremental"); otherwise its whole stored history is
 * folded again from the start ("refold") and its transitions are rewritten as corrections.
 */
import { sortAndDedupe } from '../event-order';
import { applyLeadEvent, isAfterLastApplied, type LeadEvent } from '../lead-funnel';
import type { DispositionMapping } from '../disposition-mapping';
import type { CampaignRules, LeadState, StageChange } from '../lead-state';
import type { LostLeadCall } from '../lead-funnel';

export type LeadApplyPlan = 'incremental' | 'refold';

/** `fresh` need not be sorted; an empty set changes nothing and needs no refold. */
export function planLeadApply(state: LeadState, fresh: readonly LeadEvent[]): LeadApplyPlan {
  const sorted = sortAndDedupe(fresh);
  if (!sorted.length) return 'incremental';
  return isAfterLastApplied(state, sorted[0]) ? 'incremental' : 'refold';
}

export interface IncrementalResult {
  state: LeadState;
  changes: StageChange[];
  /** eventIds of the calls made while the lead was `dnc`. */
  dncViolations: string[];
  /** The calls made within the cooling-off of a NOT_INTERESTED (`lost_lead_called`). */
  lostLeadCalls: LostLeadCall[];
}

/** The fresh events applied in order on top of the state; only valid when the plan is `incremental`. */
export function applyIncrementally(state: LeadState, fresh: readonly LeadEvent[], rules: CampaignRules, overrides?: DispositionMapping): IncrementalResult {
  let next = state;
  const changes: StageChange[] = [];
  const dncViolations: string[] = [];
  const lostLeadCalls: LostLeadCall[] = [];
  for (const e of sortAndDedupe(fresh)) {
    const r = applyLeadEvent(next, e, rules, overrides);
    next = r.state;
    changes.push(...r.changes);
    if (r.dncViolation) dncViolations.push(e.eventId);
    if (r.lostLeadCall) lostLeadCalls.push(r.lostLeadCall);
  }
  return { state: next, changes, dncViolations, lostLeadCalls };
}
