/** Mapping between a `leads` row and the domain's LeadState. */
import type { Disposition, LeadSource, PriorityReason, Stage } from '@leadboard/contracts';
import { initialLeadState, type EncodedLead, type LeadDetails, type LeadPriority, type LeadState } from '@leadboard/domain';

export interface LeadRow {
  id: string;
  campaign_id: string;
  stage: Stage;
  max_rank: number;
  contacted: boolean;
  owner_operator_id: string | null;
  owner_assigned: boolean;
  bant_need: boolean | null;
  bant_budget: boolean | null;
  bant_authority: boolean | null;
  bant_timeline: boolean | null;
  attempts: number;
  no_contact_attempts: number;
  unmapped: number;
  source: LeadSource | null;
  first_event_at: Date | null;
  first_call_at: Date | null;
  last_disposition: Disposition | null;
  callback_at: Date | null;
  last_event_at: Date | null;
  last_event_id: string | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  attributes: Record<string, unknown> | null;
  /** Set once the lead's personal data was erased: none is stored for it any more. */
  erased_at: Date | null;
  /** LeadState.notInterestedAt (`lost_lead_called`'s cooling-off). */
  not_interested_at?: Date | null;
  /** Flagged by the known-customer step (never cleared); counted in `campaign_stats.known_customers` while open. */
  known_customer?: boolean;
  /** The B2B account the lead is linked to (read with the row; kept by the account step). */
  account_id?: string | null;
  /** Its calls coded in fold order and its stored lead events, for the what-if (libs/domain call-codes.ts). */
  call_codes: string;
  event_count: number;
  /**
   * Where the row was when `lock` took it (its ctid, as text; null for a lead not stored yet): the set's
   * write finds it there, since no one else can move a locked row and the set itself writes it once.
   */
  row_tid?: string | null;
}

/**
 * The row a lead not stored yet starts from (the table's defaults): the set's write inserts it whole,
 * rather than inserting an empty row first and updating it.
 */
export function newLeadRow(id: string, campaignId: string): LeadRow {
  return {
    id,
    campaign_id: campaignId,
    stage: 'new',
    max_rank: 0,
    contacted: false,
    owner_operator_id: null,
    owner_assigned: false,
    bant_need: null,
    bant_budget: null,
    bant_authority: null,
    bant_timeline: null,
    attempts: 0,
    no_contact_attempts: 0,
    unmapped: 0,
    source: null,
    first_event_at: null,
    first_call_at: null,
    last_disposition: null,
    callback_at: null,
    last_event_at: null,
    last_event_id: null,
    name: null,
    phone: null,
    email: null,
    attributes: null,
    erased_at: null,
    not_interested_at: null,
    call_codes: '',
    row_tid: null,
    event_count: 0,
  };
}

/** The call codes the row holds, as the engine appends to them. */
export function storedCallCodes(r: LeadRow): EncodedLead {
  return { events: Number(r.event_count), calls: r.call_codes };
}

/** The person's details as stored (the row is locked, so merging into them is safe). */
export function detailsOfRow(r: LeadRow): LeadDetails {
  return { name: r.name ?? null, phone: r.phone ?? null, email: r.email ?? null, attributes: r.attributes ?? null };
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function rowToState(r: LeadRow): LeadState {
  return {
    stage: r.stage,
    maxRank: Number(r.max_rank),
    contacted: r.contacted,
    bant: { need: r.bant_need, budget: r.bant_budget, authority: r.bant_authority, timeline: r.bant_timeline },
    attempts: r.attempts,
    noContactAttempts: r.no_contact_attempts,
    unmapped: r.unmapped,
    ownerOperatorId: r.owner_operator_id,
    ownerAssigned: r.owner_assigned,
    source: r.source,
    firstEventAt: iso(r.first_event_at),
    firstCallAt: iso(r.first_call_at),
    lastDisposition: r.last_disposition,
    callbackAt: iso(r.callback_at),
    lastEventAtMs: r.last_event_at ? new Date(r.last_event_at).getTime() : null,
    lastEventId: r.last_event_id,
    notInterestedAt: iso(r.not_interested_at ?? null),
  };
}

/** The state a full refold starts from: nothing but a manager's assignment survives (it is not an event). */
export function refoldStart(r: LeadRow): LeadState {
  const start = initialLeadState();
  return r.owner_assigned ? { ...start, ownerAssigned: true, ownerOperatorId: r.owner_operator_id } : start;
}

/** The row's columns, as the lead repository writes them: the fold's, where the row goes, its call codes and its priority. */
export type LeadRecord = ReturnType<typeof stateToRecord> & {
  campaign_id: string;
  call_codes: string;
  event_count: number;
  /** Not stored yet: inserted whole (a concurrent set that created it first makes this set start again). */
  is_new: boolean;
  priority: number;
  hot: boolean;
  priority_reasons: PriorityReason[];
  priority_at: string;
  /** When time alone next changes its priority (the freshness schedule's index); null: never. */
  priority_next_at: string | null;
  /** The locked row's ctid (`LeadRow.row_tid`); null for a new lead. */
  row_tid: string | null;
};

/** The record of a lead's new state with where it goes, its call codes and its priority. */
export function leadRecord(
  row: LeadRow,
  isNew: boolean,
  fold: ReturnType<typeof stateToRecord>,
  codes: EncodedLead,
  priority: LeadPriority & { nextAt: string | null },
  priorityAt: string,
): LeadRecord {
  // The fold's record is the caller's own fresh object: completed in place rather than copied (a copy of
  // its ~30 fields per lead showed in the worker's CPU profile).
  return Object.assign(fold, { campaign_id: row.campaign_id, is_new: isNew, call_codes: codes.calls, event_count: codes.events, priority: priority.priority, hot: priority.hot, priority_reasons: priority.reasons, priority_at: priorityAt, priority_next_at: priority.nextAt, row_tid: row.row_tid ?? null });
}

/** The row's columns for a multi-row update. */
export function stateToRecord(leadId: string, s: LeadState, personal: PersonalData | undefined, stageSince: string | null) {
  return {
    id: leadId,
    stage_since: stageSince,
    stage: s.stage,
    max_rank: s.maxRank,
    contacted: s.contacted,
    owner_operator_id: s.ownerOperatorId,
    bant_need: s.bant.need,
    bant_budget: s.bant.budget,
    bant_authority: s.bant.authority,
    bant_timeline: s.bant.timeline,
    attempts: s.attempts,
    no_contact_attempts: s.noContactAttempts,
    unmapped: s.unmapped,
    source: s.source,
    first_event_at: s.firstEventAt,
    first_call_at: s.firstCallAt,
    last_disposition: s.lastDisposition,
    callback_at: s.callbackAt,
    last_event_at: s.lastEventAtMs === null ? null : new Date(s.lastEventAtMs).toISOString(),
    last_event_id: s.lastEventId,
    not_interested_at: s.notInterestedAt ?? null,
    has_personal: personal !== undefined,
    name: personal?.name ?? null,
    phone: personal?.phone ?? null,
    email: personal?.email ?? null,
    attributes: personal?.attributes ?? null,
  };
}

export type PersonalData = LeadDetails;
