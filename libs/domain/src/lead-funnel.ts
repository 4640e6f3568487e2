/** The funnel step of one lead and the fold over its history (domain page, rules 1–7). */
import { FUNNEL_STAGES } from '@leadboard/contracts';
import type {
  BantAnswers,
  CallOutcomeEvent,
  Disposition,
  FunnelStage,
  LeadCreatedEvent,
  Stage,
} from '@leadboard/contracts';
import { isContactDisposition, isNoContactAttempt, resolveDisposition } from './disposition-mapping';
import type { DispositionMapping } from './disposition-mapping';
import { eventTime, isAfterKey, sortAndDedupe } from './event-order';
import { DEFAULT_COOLING_OFF_DAYS, type CampaignRules, type LeadState, type StageChange } from './lead-state';

export type LeadEvent = LeadCreatedEvent | CallOutcomeEvent;

export interface LeadEventResult {
  state: LeadState;
  changes: StageChange[];
  /** A call to a lead that was already `dnc`: a compliance incident. */
  dncViolation: boolean;
  /**
   * A call to a lead that is `lost` because it said NOT_INTERESTED less than `coolingOffDays` before
   * this call: a classification error (`lost_lead_called`); null for any other event.
   */
  lostLeadCall: LostLeadCall | null;
  /** The canonical disposition of a call.outcome; null for lead.created. */
  disposition: Disposition | null;
}

export interface LeadFoldResult {
  state: LeadState;
  changes: StageChange[];
  /** eventIds of the calls made to the lead while it was `dnc`. */
  dncViolations: string[];
  /** The calls made to the lead within the cooling-off after it said NOT_INTERESTED, in event-time order. */
  lostLeadCalls: LostLeadCall[];
}

/** A call to a lead within the cooling-off after it said NOT_INTERESTED (the alert names all three). */
export interface LostLeadCall {
  /** The call's eventId: one alert per call, however often it is delivered or folded. */
  eventId: string;
  /** occurredAt of the NOT_INTERESTED call the cooling-off counts from. */
  notInterestedAt: string;
  coolingOffDays: number;
}

const DAY_MS = 24 * 3600_000;

const BANT_KEYS = ['need', 'budget', 'authority', 'timeline'] as const;

/** Contact dispositions after which the qualification rule is not applied (rule 3). */
const NO_QUALIFICATION = new Set<Disposition>(['NOT_INTERESTED', 'NOT_NOW', 'WRONG_NUMBER', 'DO_NOT_CALL']);

export function initialLeadState(): LeadState {
  return {
    stage: 'new',
    maxRank: 0,
    contacted: false,
    bant: { need: null, budget: null, authority: null, timeline: null },
    attempts: 0,
    noContactAttempts: 0,
    unmapped: 0,
    ownerOperatorId: null,
    ownerAssigned: false,
    source: null,
    firstEventAt: null,
    firstCallAt: null,
    lastDisposition: null,
    callbackAt: null,
    lastEventAtMs: null,
    lastEventId: null,
    notInterestedAt: null,
  };
}

const FUNNEL_RANK: ReadonlyMap<Stage, number> = new Map(FUNNEL_STAGES.map((stage, rank) => [stage, rank]));

/** 0 = new … 4 = customer; null for the side stages. */
export function funnelRank(stage: Stage): number | null {
  return FUNNEL_RANK.get(stage) ?? null;
}

export function isAbsorbingStage(stage: Stage): boolean {
  return stage === 'customer' || stage === 'dnc';
}

/** Rule 1: from a side stage move to `target`; from a funnel stage keep the higher rank. */
export function atLeast(stage: Stage, target: FunnelStage): Stage {
  if (isAbsorbingStage(stage)) return stage;
  const rank = funnelRank(stage);
  if (rank === null) return target;
  return rank >= (funnelRank(target) ?? 0) ? stage : target;
}

export function countTrueAnswers(bant: BantAnswers): number {
  return BANT_KEYS.filter((key) => bant[key] === true).length;
}

function mergeBant(known: BantAnswers, carried: CallOutcomeEvent['qualification']): BantAnswers {
  if (!carried) return known;
  return {
    need: carried.need ?? known.need,
    budget: carried.budget ?? known.budget,
    authority: carried.authority ?? known.authority,
    timeline: carried.timeline ?? known.timeline,
  };
}

export interface StageStep {
  stage: Stage;
  cause: string;
}

function dispositionStep(stage: Stage, disposition: Disposition, noContactAttempts: number, rules: CampaignRules): StageStep {
  switch (disposition) {
    case 'NO_ANSWER':
    case 'BUSY':
    case 'VOICEMAIL':
    case 'DROPPED':
      return stage === 'new' && noContactAttempts >= rules.maxAttempts
        ? { stage: 'nurturing', cause: 'max_attempts' }
        : { stage, cause: disposition };
    case 'WRONG_NUMBER':
    case 'NOT_INTERESTED':
      return { stage: 'lost', cause: disposition };
    case 'NOT_NOW':
      return { stage: 'nurturing', cause: disposition };
    case 'CALLBACK':
    case 'INTERESTED':
      return { stage: atLeast(stage, 'contacted'), cause: disposition };
    case 'QUALIFIED':
    case 'TRANSFERRED':
      return { stage: atLeast(stage, 'prospect'), cause: disposition };
    case 'APPOINTMENT_SET':
      return { stage: atLeast(stage, 'opportunity'), cause: disposition };
    case 'SALE':
      return { stage: 'customer', cause: disposition };
    case 'DO_NOT_CALL':
      return { stage: 'dnc', cause: disposition };
    case 'OTHER':
      return { stage, cause: disposition };
  }
}

/**
 * The stage a call leads to (rules 1–3), from what decides it alone: the stage before, the call's
 * disposition, how many BANT answers are true once the call's are merged in, and the no-contact calls
 * so far including this one. Exported for the what-if's compact fold (call-codes.ts), which must step
 * exactly as this fold does.
 */
export function callStep(
  stage: Stage,
  disposition: Disposition,
  trueAnswers: number,
  noContactAttempts: number,
  rules: CampaignRules,
): StageStep {
  if (isAbsorbingStage(stage)) return { stage, cause: disposition };
  const byDisposition = dispositionStep(stage, disposition, noContactAttempts, rules);
  const qualifies =
    isContactDisposition(disposition) &&
    !NO_QUALIFICATION.has(disposition) &&
    trueAnswers >= rules.qualificationThreshold;
  if (!qualifies) return byDisposition;
  const qualified = atLeast(byDisposition.stage, 'prospect');
  return qualified === byDisposition.stage ? byDisposition : { stage: qualified, cause: 'qualification' };
}

/** The call, when it falls within the cooling-off of a lead lost through NOT_INTERESTED; else null. */
function lostLeadCallOf(state: LeadState, call: CallOutcomeEvent, rules: CampaignRules): LostLeadCall | null {
  if (state.stage !== 'lost' || !state.notInterestedAt) return null;
  const coolingOffDays = rules.coolingOffDays ?? DEFAULT_COOLING_OFF_DAYS;
  if (eventTime(call.occurredAt) - eventTime(state.notInterestedAt) >= coolingOffDays * DAY_MS) return null;
  return { eventId: call.eventId, notInterestedAt: state.notInterestedAt, coolingOffDays };
}

/** The lead stays marked "said not interested" while it is lost; the latest NOT_INTERESTED restarts the clock. */
function nextNotInterestedAt(state: LeadState, event: CallOutcomeEvent, disposition: Disposition, stage: Stage): string | null {
  if (stage !== 'lost') return null;
  if (disposition === 'NOT_INTERESTED') return event.occurredAt;
  return state.stage === 'lost' ? (state.notInterestedAt ?? null) : null;
}

function nextCallbackAt(state: LeadState, event: CallOutcomeEvent, disposition: Disposition, stage: Stage): string | null {
  if (stage === 'dnc') return null;
  if (disposition === 'CALLBACK') return event.callbackAt ?? null;
  if (isContactDisposition(disposition) || disposition === 'WRONG_NUMBER') return null;
  return state.callbackAt;
}

/** One event applied to one lead's state; pure, the input state is never mutated. */
export function applyLeadEvent(
  state: LeadState,
  event: LeadEvent,
  rules: CampaignRules,
  overrides?: DispositionMapping,
): LeadEventResult {
  const operatorId = event.type === 'call.outcome' ? (event.operatorId ?? null) : null;
  const changes: StageChange[] = [];
  const change = (from: Stage | null, to: Stage, cause: string): StageChange => ({
    from,
    to,
    at: event.occurredAt,
    eventId: event.eventId,
    operatorId,
    cause,
  });
  if (state.lastEventId === null) {
    changes.push(change(null, 'new', event.type === 'lead.created' ? 'lead.created' : 'first_seen'));
  }
  const applied: LeadState = {
    ...state,
    bant: { ...state.bant },
    firstEventAt: state.firstEventAt ?? event.occurredAt,
    lastEventAtMs: eventTime(event.occurredAt),
    lastEventId: event.eventId,
  };

  if (event.type === 'lead.created') {
    return { state: { ...applied, source: event.lead.source }, changes, dncViolation: false, lostLeadCall: null, disposition: null };
  }

  const { disposition, mapped } = resolveDisposition(event, overrides);
  const contact = isContactDisposition(disposition);
  const bant = mergeBant(applied.bant, event.qualification);
  const noContactAttempts = state.noContactAttempts + (isNoContactAttempt(disposition) ? 1 : 0);
  const step = callStep(state.stage, disposition, countTrueAnswers(bant), noContactAttempts, rules);
  const rank = funnelRank(step.stage);
  const takesOwnership = contact && !state.ownerAssigned && operatorId !== null && !isAbsorbingStage(state.stage);
  if (step.stage !== state.stage) changes.push(change(state.stage, step.stage, step.cause));

  return {
    state: {
      ...applied,
      stage: step.stage,
      maxRank: rank === null ? state.maxRank : Math.max(state.maxRank, rank),
      contacted: state.contacted || contact,
      bant,
      attempts: state.attempts + 1,
      noContactAttempts,
      unmapped: state.unmapped + (mapped ? 0 : 1),
      ownerOperatorId: takesOwnership ? operatorId : state.ownerOperatorId,
      firstCallAt: state.firstCallAt ?? event.occurredAt,
      lastDisposition: disposition,
      callbackAt: nextCallbackAt(state, event, disposition, step.stage),
      notInterestedAt: nextNotInterestedAt(state, event, disposition, step.stage),
    },
    changes,
    dncViolation: state.stage === 'dnc',
    lostLeadCall: lostLeadCallOf(state, event, rules),
    disposition,
  };
}

/** Rule 4: the lead's events sorted by (instant, eventId), each eventId once, applied in order. */
export function foldLeadEvents(
  events: readonly LeadEvent[],
  rules: CampaignRules,
  overrides?: DispositionMapping,
  start: LeadState = initialLeadState(),
): LeadFoldResult {
  let state = start;
  const changes: StageChange[] = [];
  const dncViolations: string[] = [];
  const lostLeadCalls: LostLeadCall[] = [];
  for (const event of sortAndDedupe(events)) {
    const result = applyLeadEvent(state, event, rules, overrides);
    state = result.state;
    changes.push(...result.changes);
    if (result.dncViolation) dncViolations.push(event.eventId);
    if (result.lostLeadCall) lostLeadCalls.push(result.lostLeadCall);
  }
  return { state, changes, dncViolations, lostLeadCalls };
}

/**
 * True when the event sorts strictly after the last one applied, so it can be applied on top of
 * the state; otherwise (a late event or a duplicate) the caller refolds the lead's whole history.
 */
export function isAfterLastApplied(state: LeadState, event: LeadEvent): boolean {
  if (state.lastEventId === null || state.lastEventAtMs === null) return true;
  return isAfterKey(event, state.lastEventAtMs, state.lastEventId);
}
