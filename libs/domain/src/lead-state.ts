/** The state of one lead, as the funnel rules compute it (domain page, "Dispositions ..."). */
import type { BantAnswers, Disposition, LeadSource, Stage } from '@leadboard/contracts';

export interface CampaignRules {
  /** A lead still `new` after this many no-contact calls goes to `nurturing`. */
  maxAttempts: number;
  /** How many of the four BANT answers must be true for a lead to be at least `prospect`. */
  qualificationThreshold: number;
  /**
   * Days after a lead said NOT_INTERESTED during which calling it again is a classification error
   * (`lost_lead_called`). Optional so that rules built before the setting existed keep working: absent
   * means DEFAULT_COOLING_OFF_DAYS.
   */
  coolingOffDays?: number;
}

export const DEFAULT_COOLING_OFF_DAYS = 30;

export const DEFAULT_CAMPAIGN_RULES: CampaignRules = { maxAttempts: 6, qualificationThreshold: 3, coolingOffDays: DEFAULT_COOLING_OFF_DAYS };

export interface LeadState {
  stage: Stage;
  /** Highest funnel rank ever reached (0 = new … 4 = customer); side stages do not raise it. */
  maxRank: number;
  /** At least one call with a contact disposition (a person was reached). */
  contacted: boolean;
  /** Latest known value of each BANT answer. */
  bant: BantAnswers;
  /** Every call.outcome, whatever its disposition. */
  attempts: number;
  /** Calls with NO_ANSWER, BUSY, VOICEMAIL or DROPPED. */
  noContactAttempts: number;
  /** Calls whose code mapped to OTHER. */
  unmapped: number;
  ownerOperatorId: string | null;
  /** True once a manager assigned the lead: calls no longer change the owner. */
  ownerAssigned: boolean;
  source: LeadSource | null;
  /** occurredAt (ISO, as sent) of the earliest event applied. */
  firstEventAt: string | null;
  /** occurredAt of the earliest call.outcome applied. */
  firstCallAt: string | null;
  lastDisposition: Disposition | null;
  /** callbackAt of the latest CALLBACK outcome, cleared by a later contact or by dnc. */
  callbackAt: string | null;
  /** Sort key of the latest event applied: (occurredAt as epoch ms, eventId). */
  lastEventAtMs: number | null;
  lastEventId: string | null;
  /**
   * occurredAt of the NOT_INTERESTED call that made (or kept) the lead `lost`; null when the lead is
   * not lost, or lost for another reason (a wrong number). The cooling-off of `lost_lead_called` counts
   * from it. Optional: a state stored before it existed reads as null.
   */
  notInterestedAt?: string | null;
}

/** A change of stage caused by one event. `from` is null for the lead's first appearance (→ new). */
export interface StageChange {
  from: Stage | null;
  to: Stage;
  /** occurredAt of the causing event. */
  at: string;
  eventId: string;
  operatorId: string | null;
  /** The canonical disposition that caused it, or `lead.created`, `first_seen`, `qualification`, `max_attempts`. */
  cause: string;
}
