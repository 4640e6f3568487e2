/**
 * The engine's orchestrating service: applies a set of ingest jobs (one or many) in one PostgreSQL
 * transaction per tenant of the set, each begun in that tenant's scope (`SET LOCAL app.tenant_id`:
 * behind the tenant walls one transaction is one tenant's, docs/SECURITY.md). It only loads, calls the domain, persists and numbers;
 * each table sits behind its part — `EventStore` (raw events), `LeadRepository` (campaigns, leads,
 * transitions), `OperatorRepository`, `SequenceAllocator` (the campaigns' `seq`), `MetricDeltas`
 * (counters) — and each rule is a pure function of `libs/domain` (the fold, `planLeadApply`,
 * `advanceOperator`).
 *
 * Exactly once: the events' primary key drops any eventId already stored, so a retry, a duplicate or
 * a second worker applies each event once — the database decides, not the queue.
 * Order independence (domain rule 4): a lead whose fresh events all sort after its last applied one
 * takes them incrementally; otherwise its whole stored history is folded again and its transitions
 * are rewritten (pushed with `correction: true`).
 * Locks, always in one order: lead rows (id order, FOR UPDATE) → operator rows (id order) → the
 * campaign rows, last and briefly (seq), → counters (sorted keys).
 *
 * Dispositions: each call is mapped once, with the tenant's table as it is when the call is applied,
 * and stored so; a refold reads the stored mapping back, so a later change of the table never
 * rewrites history silently (only `reapplyDispositions`, asked for by a manager, does).
 *
 * Extension points for other features (engine.providers.ts lists the steps in use):
 * - `afterLeadsWritten` steps (constructor): run after the leads' new state is written, in the same
 *   transaction, with the touched leads (ids, campaign, state before and after, refolded or not).
 *   In use: known customers, B2B accounts (their changes numbered here and pushed), priority.
 * - `foldFindings` (below): what a lead's fold reveals besides its state — DNC violations and calls to
 *   a lead lost within its cooling-off (`lost_lead_called`), each stored as a per-call alert.
 */
import { Injectable } from '@nestjs/common';
import type { AccountMessage, AlertMessage, AlertView, CallOutcomeEvent, IngestEvent, LeadCreatedEvent, OperatorStateEvent, TransitionView } from '@leadboard/contracts';
import {
  DEFAULT_CAMPAIGN_RULES,
  DEFAULT_PRIORITY_SETTINGS,
  advanceOperator,
  NO_CALL_CODES,
  appendCallCodes,
  applyIncrementally,
  detailsFromCalls,
  detailsFromCreated,
  dncViolationFinding,
  fillMissing,
  foldLeadEvents,
  isOpenStage,
  mapDisposition,
  overwriteWith,
  planLeadApply,
  sortAndDedupe,
  type CampaignRules,
  type DispositionResolver,
  type DispositionTable,
  type EncodedLead,
  type LeadEvent,
  type LeadState,
  type LostLeadCall,
  type MappedDisposition,
  type StageChange,
} from '@leadboard/domain';
import { MetricDeltas, SequenceAllocator, priorityCompany, priorityOfLead, runInTenantScope, type AccountChange, type IngestBatchJob } from '@leadboard/server';
import { DataSource, type EntityManager } from 'typeorm';
import { lostLeadCallHit, type LostLeadCallHit } from '../classification/lost-lead-calls';
import { DispositionTables, DncAlerts, LostLeadAlerts } from './engine-adapters';
import { EventStore, type LeadHistory } from './event-store';
import { detailsOfRow, leadRecord, newLeadRow, refoldStart, rowToState, stateToRecord, storedCallCodes, type LeadRecord, type LeadRow } from './lead-row';
import { LeadRepository, type CampaignSettings } from './lead.repository';
import { OperatorRepository, type OperatorSighting, type OperatorStateToStore } from './operator.repository';

export interface AppliedTransition extends TransitionView {
  seq: number;
  correction: boolean;
}

export interface DncViolation {
  campaignId: string;
  leadId: string;
  eventId: string;
  operatorId: string | null;
  /** occurredAt of the call. */
  at: string;
}

/** What one tenant's part of a set changed: what the processor pushes live after the commit. */
export interface ApplyResult {
  tenantId: string;
  received: number;
  applied: number;
  duplicates: number;
  transitions: AppliedTransition[];
  /** Campaigns whose metrics changed (new calls or transitions). */
  touchedCampaigns: string[];
  dncViolations: DncViolation[];
  /** The critical alerts raised for those violations, stored in the same transaction, with their seq. */
  alerts: AlertMessage[];
  /** Operators whose state changed, with the campaign they work on (for `operator` pushes). */
  operatorChanges: { operatorId: string; campaignId: string }[];
  /** B2B accounts whose stage changed, with their campaign's seq (`account` pushes). */
  accounts: AccountMessage[];
}

/** Each job's share of a set (its own return value in BullMQ). */
export interface JobSummary {
  applied: number;
  duplicates: number;
  transitions: number;
}

export interface SetResult {
  /** One per tenant of the set, in tenant id order. */
  results: ApplyResult[];
  /** In the order of the jobs given. */
  jobs: JobSummary[];
}

/** A lead as a set left it, handed to the `afterLeadsWritten` steps. */
export interface WrittenLead {
  id: string;
  campaignId: string;
  /** Null for a lead seen for the first time. */
  before: LeadState | null;
  after: LeadState;
  refolded: boolean;
  changes: StageChange[];
  /** The set's events about this lead (none when a refold only re-reads the history). */
  fresh: readonly LeadEvent[];
  /** Its `account_id` as locked (null when it has none, or is new): the account step reads no row again. */
  accountId: string | null;
}

export interface LeadsWrittenContext {
  m: EntityManager;
  tenantId: string;
  leads: readonly WrittenLead[];
  deltas: MetricDeltas;
}

/**
 * A step run after the leads' new state is written, in the same transaction (priority, flags, stages…).
 * It may name campaigns whose figures it changed besides the leads' own (their metrics are pushed).
 */
export interface AfterLeadsWritten {
  readonly name: string;
  run(ctx: LeadsWrittenContext): Promise<void | AfterLeadsWrittenResult>;
}

/** What a step may report: campaigns whose figures it changed, accounts whose stage moved (numbered and pushed). */
export interface AfterLeadsWrittenResult {
  touchedCampaigns?: readonly string[];
  accountChanges?: readonly AccountChange[];
}

interface AfterStepsOutcome {
  touchedCampaigns: string[];
  accountChanges: AccountChange[];
}

/** The parts the service orchestrates; each is replaced in the service's spec. */
export interface EngineParts {
  events: EventStore;
  leads: LeadRepository;
  operators: OperatorRepository;
  sequence: SequenceAllocator;
  dispositions: DispositionTables;
  dncAlerts: DncAlerts;
  lostLeadAlerts: LostLeadAlerts;
  afterLeadsWritten: readonly AfterLeadsWritten[];
  clock: () => Date;
}

/** The real parts, for callers outside dependency injection (integration specs, tools). */
export function engineParts(overrides: Partial<EngineParts> = {}): EngineParts {
  return {
    events: new EventStore(),
    leads: new LeadRepository(),
    operators: new OperatorRepository(),
    sequence: new SequenceAllocator(),
    dispositions: new DispositionTables(),
    dncAlerts: new DncAlerts(),
    lostLeadAlerts: new LostLeadAlerts(),
    afterLeadsWritten: [],
    clock: () => new Date(),
    ...overrides,
  };
}

const isLeadEvent = (e: IngestEvent): e is LeadCreatedEvent | CallOutcomeEvent => e.type !== 'operator.state';
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function uniqueSorted(values: Iterable<string | null | undefined>): string[] {
  return [...new Set([...values].filter((v): v is string => typeof v === 'string'))].sort(byString);
}

/** Leads folded per transaction by `refoldLeads` / `reapplyDispositions`: bounded lock time for ingest. */
export const REFOLD_LEADS_PER_TRANSACTION = 500;

/** Each call mapped with the tenant's table, once (stored, counted and folded alike). */
function mapCalls(events: readonly IngestEvent[], table: DispositionTable): Map<string, MappedDisposition> {
  const out = new Map<string, MappedDisposition>();
  for (const e of events) if (e.type === 'call.outcome') out.set(e.eventId, table.map(e.disposition, e.campaignId));
  return out;
}

/** Folds with the mapping each call was stored with; a call not found there is mapped as built in. */
function resolverOf(mapped: ReadonlyMap<string, MappedDisposition>): DispositionResolver {
  return (e) => mapped.get(e.eventId) ?? mapDisposition(e.disposition);
}

function operatorSightings(events: readonly IngestEvent[]): OperatorSighting[] {
  const ops = new Map<string, OperatorSighting>();
  for (const e of events) {
    if (e.type === 'operator.state') {
      const prev = ops.get(e.operatorId);
      ops.set(e.operatorId, { id: e.operatorId, name: e.operator?.name ?? prev?.name ?? null, seniority: e.operator?.seniority ?? prev?.seniority ?? null });
    } else if (e.type === 'call.outcome' && e.operatorId && !ops.has(e.operatorId)) {
      ops.set(e.operatorId, { id: e.operatorId, name: null, seniority: null });
    }
  }
  return [...ops.values()];
}

interface PendingTransition extends StageChange {
  leadId: string;
  campaignId: string;
  correction: boolean;
}

/** One lead's fold in this set: its new state and what the fold found. */
interface LeadOutcome {
  row: LeadRow;
  /** Not stored yet: the set's write inserts it. */
  isNew?: boolean;
  before: LeadState | null;
  state: LeadState;
  changes: StageChange[];
  refolded: boolean;
  /** The events the person's details are merged from (the fresh ones, or the whole history on a refold). */
  detailSource: LeadEvent[];
  /** eventIds of the fresh calls made while the lead was dnc. */
  dncCalls: string[];
  /** Calls within the cooling-off of a NOT_INTERESTED, with the events they are looked up in. */
  lostLeadCalls: LostLeadCall[];
  events: readonly LeadEvent[];
  /** Its calls coded for the what-if: the stored ones with the fresh appended, or all recoded on a refold. */
  codes: EncodedLead;
}

interface FoldFindings {
  dncViolations: DncViolation[];
  lostLeadCalls: LostLeadCallHit[];
}

/** Findings of a fold besides the lead's state (hook point: add a finding here and beside `dncViolations`). */
function foldFindings(outcome: LeadOutcome, fresh: readonly LeadEvent[]): FoldFindings {
  const dncViolations = outcome.dncCalls.flatMap((id) => {
    const e = fresh.find((f) => f.eventId === id);
    return e ? [violation(outcome.row, e)] : [];
  });
  // Every call the fold reports, refold or not: the alerts' (tenant, event_id) key makes a repeat a no-op,
  // so a late NOT_INTERESTED raises the alert of a call applied before it.
  const lostLeadCalls = outcome.lostLeadCalls.flatMap((c) => lostLeadCallHit(outcome.row, outcome.events.find((e) => e.eventId === c.eventId), c));
  return { dncViolations, lostLeadCalls };
}

function violation(row: LeadRow, e: LeadEvent): DncViolation {
  return { campaignId: row.campaign_id, leadId: row.id, eventId: e.eventId, operatorId: e.type === 'call.outcome' ? (e.operatorId ?? null) : null, at: e.occurredAt };
}

@Injectable()
export class EventApplier {
  private readonly parts: EngineParts;

  constructor(
    private readonly ds: DataSource,
    parts: Partial<EngineParts> = {},
  ) {
    this.parts = engineParts(parts);
  }

  /** One job in its own transaction (kept for callers and specs that apply one batch). */
  async apply(job: IngestBatchJob): Promise<ApplyResult> {
    const { results } = await this.applySet([job]);
    return results[0];
  }

  /**
   * Several jobs: one transaction per tenant of the set, in tenant id order, each run in that tenant's
   * scope; one statement per table for each tenant's share. A failure stops there, the tenants before
   * it committed — the set runner hands over one tenant's jobs at a time, so its retries and its
   * job-by-job isolation concern that tenant's jobs only.
   */
  async applySet(jobs: readonly IngestBatchJob[]): Promise<SetResult> {
    const tenants = uniqueSorted(jobs.map((j) => j.tenantId));
    const summaries: JobSummary[] = jobs.map(() => ({ applied: 0, duplicates: 0, transitions: 0 }));
    const results: ApplyResult[] = [];
    for (const tenantId of tenants) {
      const share = jobs.flatMap((job, index) => (job.tenantId === tenantId ? [{ index, job }] : []));
      results.push(await runInTenantScope(tenantId, () => this.ds.transaction((m) => this.applyTenant(m, tenantId, share, summaries))));
    }
    return { results, jobs: summaries };
  }

  private async applyTenant(m: EntityManager, tenantId: string, jobs: { index: number; job: IngestBatchJob }[], summaries: JobSummary[]): Promise<ApplyResult> {
    const { events: store, leads, operators, dispositions } = this.parts;
    // Each eventId once in the set: the first job that carries it owns it (and its receivedAt).
    const owner = new Map<string, number>();
    const receivedAt = new Map<string, string>();
    const unique: IngestEvent[] = [];
    let received = 0;
    for (const { index, job } of jobs) {
      received += job.events.length;
      for (const e of job.events) {
        if (owner.has(e.eventId)) continue;
        owner.set(e.eventId, index);
        receivedAt.set(e.eventId, job.receivedAt);
        unique.push(e);
      }
    }

    const deltas = new MetricDeltas();
    const mapped = mapCalls(unique, await dispositions.load(m, tenantId));
    const rules = await leads.ensureCampaigns(m, tenantId, uniqueSorted(unique.map((e) => e.campaignId)));
    await operators.ensure(m, tenantId, operatorSightings(unique));
    const freshIds = await store.insertFresh(
      m,
      tenantId,
      unique.map((e) => ({ event: e, receivedAt: receivedAt.get(e.eventId)!, disposition: mapped.get(e.eventId)?.disposition ?? null })),
    );
    const fresh = unique.filter((e) => freshIds.has(e.eventId));
    const leadEvents = fresh.filter(isLeadEvent);
    const freshCalls = leadEvents.filter((e): e is CallOutcomeEvent => e.type === 'call.outcome');
    for (const e of freshCalls) deltas.call(e.campaignId, e.occurredAt, mapped.get(e.eventId)!.disposition, e.operatorId ?? null, e.talkSeconds, e.wrapSeconds);

    const { pending, dncViolations, lostLeadCalls, afterSteps } = await this.applyToLeads(m, tenantId, leadEvents, rules, deltas, resolverOf(mapped));
    const operatorChanges = await this.applyOperatorStates(
      m,
      tenantId,
      fresh.filter((e): e is OperatorStateEvent => e.type === 'operator.state'),
      deltas,
    );
    // A call to a dnc lead is a compliance incident: its alert is stored with the call, at once.
    const dncAlerts = await this.parts.dncAlerts.insert(
      m,
      tenantId,
      dncViolations.map((v) => ({ campaignId: v.campaignId, eventId: v.eventId, finding: dncViolationFinding({ leadId: v.leadId, operatorId: v.operatorId, at: v.at }) })),
      this.parts.clock(),
    );
    // A call to a lead that said NOT_INTERESTED within the cooling-off: a warning stored with the call, at once.
    const lostLeadAlerts = await this.parts.lostLeadAlerts.insert(m, tenantId, lostLeadCalls, this.parts.clock());
    // Last, and in a fixed order: the rows every writer of a campaign shares (seq, then counters).
    const { transitions, alerts, accounts } = await this.recordTransitions(m, tenantId, pending, [...dncAlerts, ...lostLeadAlerts], deltas, afterSteps.accountChanges);
    await dispositions.recordUnmapped(
      m,
      tenantId,
      freshCalls.filter((e) => !mapped.get(e.eventId)!.mapped).map((e) => ({ campaignId: e.campaignId, code: e.disposition, at: e.occurredAt })),
    );
    await deltas.flush(m, tenantId);

    for (const { index, job } of jobs) summaries[index].duplicates = job.events.length;
    for (const e of fresh) {
      const s = summaries[owner.get(e.eventId)!];
      s.applied++;
      s.duplicates--;
    }
    for (const t of transitions) {
      const i = owner.get(t.eventId);
      if (i !== undefined) summaries[i].transitions++;
    }
    return {
      tenantId,
      received,
      applied: fresh.length,
      duplicates: received - fresh.length,
      transitions,
      touchedCampaigns: uniqueSorted([...leadEvents.map((e) => e.campaignId), ...afterSteps.touchedCampaigns]),
      dncViolations,
      alerts,
      operatorChanges,
      accounts,
    };
  }

  private async applyToLeads(
    m: EntityManager,
    tenantId: string,
    events: LeadEvent[],
    rules: Map<string, CampaignSettings>,
    deltas: MetricDeltas,
    freshMapping: DispositionResolver,
  ): Promise<{ pending: PendingTransition[]; dncViolations: DncViolation[]; lostLeadCalls: LostLeadCallHit[]; afterSteps: AfterStepsOutcome }> {
    const pending: PendingTransition[] = [];
    const dncViolations: DncViolation[] = [];
    const lostLeadCalls: LostLeadCallHit[] = [];
    if (!events.length) return { pending, dncViolations, lostLeadCalls, afterSteps: { touchedCampaigns: [], accountChanges: [] } };
    const { leads, events: store } = this.parts;

    const byLead = new Map<string, LeadEvent[]>();
    // Sorted once for the whole set (keys parsed once), so each lead's list is in fold order.
    for (const e of sortAndDedupe(events)) {
      const list = byLead.get(e.leadId);
      if (list) list.push(e);
      else byLead.set(e.leadId, [e]);
    }
    const leadIds = [...byLead.keys()].sort(byString);
    // The stored leads locked; the others are new (a lead's campaign is the one its first event named),
    // inserted whole by the write — which notices a concurrent set that created one first.
    const stored = new Map((await leads.lock(m, tenantId, leadIds)).map((r) => [r.id, r]));
    const unseen = new Set(leadIds.filter((id) => !stored.has(id)));
    const rows = leadIds.map((id) => stored.get(id) ?? newLeadRow(id, byLead.get(id)![0].campaignId));
    await this.completeRules(m, tenantId, rules, rows);

    const toRefold = rows.filter((r) => r.last_event_id !== null && planLeadApply(rowToState(r), byLead.get(r.id)!) === 'refold').map((r) => r.id);
    const histories = await store.histories(m, tenantId, toRefold);
    const outcomes: LeadOutcome[] = [];
    for (const row of rows) {
      const fresh = byLead.get(row.id)!;
      const campaignRules = rules.get(row.campaign_id) ?? DEFAULT_CAMPAIGN_RULES;
      const history = histories.get(row.id);
      const outcome = history ? this.refold(row, history, campaignRules, new Set(fresh.map((e) => e.eventId))) : this.incremental(row, fresh, campaignRules, freshMapping);
      outcome.isNew = unseen.has(row.id);
      outcomes.push(outcome);
      const findings = foldFindings(outcome, fresh);
      dncViolations.push(...findings.dncViolations);
      lostLeadCalls.push(...findings.lostLeadCalls);
    }
    const afterSteps = await this.writeOutcomes(m, tenantId, outcomes, rules, deltas, pending, byLead);
    // An erased lead keeps no personal data, even from events that were on their way when it was erased.
    await store.stripPersonalData(m, tenantId, rows.filter((r) => r.erased_at !== null).flatMap((r) => byLead.get(r.id)!.map((e) => e.eventId)));
    return { pending, dncViolations, lostLeadCalls, afterSteps };
  }

  private incremental(row: LeadRow, fresh: LeadEvent[], rules: CampaignRules, resolver: DispositionResolver): LeadOutcome {
    const before = row.last_event_id === null ? null : rowToState(row);
    const r = applyIncrementally(before ?? rowToState(row), fresh, rules, resolver);
    // `fresh` is in fold order (the set's events are sorted once): their codes go after the stored ones.
    const codes = appendCallCodes(storedCallCodes(row), fresh, resolver);
    return { row, before, state: r.state, changes: r.changes, refolded: false, detailSource: fresh, dncCalls: r.dncViolations, lostLeadCalls: r.lostLeadCalls, events: fresh, codes };
  }

  private refold(row: LeadRow, history: LeadHistory, rules: CampaignRules, freshIds: ReadonlySet<string>): LeadOutcome {
    const stored = resolverOf(history.stored);
    const folded = foldLeadEvents(history.events, rules, stored, refoldStart(row));
    const sorted = sortAndDedupe(history.events);
    return {
      row,
      before: row.last_event_id === null ? null : rowToState(row),
      state: folded.state,
      changes: folded.changes,
      refolded: true,
      detailSource: sorted,
      // Only the fresh calls are new incidents: the others were alerted when they were applied.
      dncCalls: folded.dncViolations.filter((id) => freshIds.has(id)),
      lostLeadCalls: folded.lostLeadCalls,
      events: history.events,
      codes: appendCallCodes(NO_CALL_CODES, sorted, stored),
    };
  }

  /** Rules for the leads' own campaigns that the set's events did not name (a lead keeps its first campaign). */
  private async completeRules(m: EntityManager, tenantId: string, rules: Map<string, CampaignSettings>, rows: readonly LeadRow[]): Promise<void> {
    const missing = uniqueSorted(rows.map((r) => r.campaign_id)).filter((id) => !rules.has(id));
    if (missing.length) for (const [id, r] of await this.parts.leads.rules(m, tenantId, missing)) rules.set(id, r);
  }

  /**
   * Writes the leads' new state with their priority (libs/domain `leadPriority`, computed here so each
   * lead is written once per set) and books their counters; a refolded lead's transitions are
   * replaced (the old ones leave the counters), then the `afterLeadsWritten` steps run.
   */
  private async writeOutcomes(
    m: EntityManager,
    tenantId: string,
    outcomes: readonly LeadOutcome[],
    settings: ReadonlyMap<string, CampaignSettings>,
    deltas: MetricDeltas,
    pending: PendingTransition[],
    freshByLead: ReadonlyMap<string, readonly LeadEvent[]> = new Map(),
  ): Promise<AfterStepsOutcome> {
    const records: LeadRecord[] = [];
    const now = this.parts.clock();
    for (const o of outcomes) {
      if (o.before) deltas.lead(o.row.campaign_id, o.before, -1);
      deltas.lead(o.row.campaign_id, o.state, 1);
      // A flagged lead counts among its campaign's known customers while it is open (the row's stage as stored, then as written).
      if (o.row.known_customer) deltas.knownCustomers(o.row.campaign_id, Number(isOpenStage(o.state.stage)) - Number(isOpenStage(o.row.stage)));
      // What the lead's origin said wins over what was known; what calls said only fills the gaps.
      const created = detailsFromCreated(o.detailSource.filter((e): e is LeadCreatedEvent => e.type === 'lead.created'));
      const fromCalls = detailsFromCalls(o.detailSource.filter((e): e is CallOutcomeEvent => e.type === 'call.outcome'));
      const details = created || fromCalls ? fillMissing(overwriteWith(detailsOfRow(o.row), created), fromCalls) : undefined;
      // The stage was entered by the latest change; a set without a change keeps the stored time.
      const stageSince = o.changes.length ? new Date(o.changes[o.changes.length - 1].at).toISOString() : null;
      const fold = stateToRecord(o.row.id, o.state, details, stageSince);
      // The attributes the row will hold: an erased lead's stay as they are (none).
      const attributes = details && o.row.erased_at === null ? (details.attributes ?? null) : (o.row.attributes ?? null);
      const priority = priorityOfLead(
        { ...fold, attributes, company: priorityCompany((o.row as { company?: unknown }).company, attributes) },
        settings.get(o.row.campaign_id)?.priority ?? DEFAULT_PRIORITY_SETTINGS,
        now.getTime(),
      );
      records.push(leadRecord(o.row, o.isNew === true, fold, o.codes, priority, now.toISOString()));
      for (const c of o.changes) pending.push({ ...c, leadId: o.row.id, campaignId: o.row.campaign_id, correction: o.refolded });
    }
    const { leads } = this.parts;
    await leads.write(m, tenantId, records);
    const removed = await leads.removeTransitions(m, tenantId, outcomes.filter((o) => o.refolded).map((o) => o.row.id));
    for (const r of removed) deltas.transition(r.campaignId, r.to, r.at, r.operatorId, -1);
    const done: AfterStepsOutcome = { touchedCampaigns: [], accountChanges: [] };
    if (!this.parts.afterLeadsWritten.length) return done;
    const written: WrittenLead[] = outcomes.map((o) => ({
      id: o.row.id,
      campaignId: o.row.campaign_id,
      before: o.before,
      after: o.state,
      refolded: o.refolded,
      changes: o.changes,
      fresh: freshByLead.get(o.row.id) ?? [],
      accountId: o.row.account_id ?? null,
    }));
    for (const step of this.parts.afterLeadsWritten) {
      const r = await step.run({ m, tenantId, leads: written, deltas });
      if (r?.touchedCampaigns) done.touchedCampaigns.push(...r.touchedCampaigns);
      if (r?.accountChanges) done.accountChanges.push(...r.accountChanges);
    }
    return done;
  }

  /**
   * Gives each transition, then each new alert, its campaign's next seq (one allocation for every
   * campaign of the set, the campaign rows locked last and in id order) and stores the transitions.
   */
  private async recordTransitions(
    m: EntityManager,
    tenantId: string,
    pending: readonly PendingTransition[],
    newAlerts: readonly AlertView[],
    deltas: MetricDeltas,
    accountChanges: readonly AccountChange[] = [],
  ): Promise<{ transitions: AppliedTransition[]; alerts: AlertMessage[]; accounts: AccountMessage[] }> {
    if (!pending.length && !newAlerts.length && !accountChanges.length) return { transitions: [], alerts: [], accounts: [] };
    for (const p of pending) deltas.transition(p.campaignId, p.to, p.at, p.operatorId, 1);
    const counts = new Map<string, number>();
    for (const c of [...pending.map((p) => p.campaignId), ...newAlerts.map((a) => a.campaignId), ...accountChanges.map((a) => a.campaignId)]) counts.set(c, (counts.get(c) ?? 0) + 1);
    const take = SequenceAllocator.dealer(await this.parts.sequence.take(m, tenantId, counts));
    const transitions: AppliedTransition[] = pending.map((p) => ({
      leadId: p.leadId,
      campaignId: p.campaignId,
      from: p.from,
      to: p.to,
      at: new Date(p.at).toISOString(),
      operatorId: p.operatorId,
      cause: p.cause,
      eventId: p.eventId,
      seq: take(p.campaignId),
      correction: p.correction,
    }));
    const alerts: AlertMessage[] = newAlerts.map((a) => ({ ...a, seq: take(a.campaignId) }));
    const accounts: AccountMessage[] = accountChanges.map((a) => ({ ...a, seq: take(a.campaignId) }));
    await this.parts.leads.insertTransitions(m, tenantId, transitions);
    return { transitions, alerts, accounts };
  }

  /** Operators' latest state by (occurredAt, eventId), and the time each step forward books (libs/domain `advanceOperator`). */
  private async applyOperatorStates(m: EntityManager, tenantId: string, events: OperatorStateEvent[], deltas: MetricDeltas): Promise<{ operatorId: string; campaignId: string }[]> {
    if (!events.length) return [];
    const { operators } = this.parts;
    const byOperator = new Map<string, OperatorStateEvent[]>();
    for (const e of events) byOperator.set(e.operatorId, [...(byOperator.get(e.operatorId) ?? []), e]);
    const writes: OperatorStateToStore[] = [];
    for (const op of await operators.lockPositions(m, tenantId, [...byOperator.keys()])) {
      const step = advanceOperator(op, byOperator.get(op.id) ?? []);
      for (const s of step.spans) deltas.operatorTime(op.id, s.fromMs, s.toMs, s.loggedIn, s.busy);
      if (step.last) writes.push({ id: op.id, state: step.last.state, at: step.last.occurredAt, eventId: step.last.eventId, campaignId: step.last.campaignId ?? op.campaignId });
    }
    await operators.writePositions(m, tenantId, writes);
    return writes.flatMap((w) => (w.campaignId ? [{ operatorId: w.id, campaignId: w.campaignId }] : []));
  }

  /**
   * Folds these leads of a campaign again, from their stored events, under the campaign's current
   * rules and the dispositions their calls were stored with, `REFOLD_LEADS_PER_TRANSACTION` leads per
   * transaction; each transaction's result is handed to `publish` as it commits (corrections).
   * For a change of a campaign's settings (rules) that must reach the leads already folded.
   */
  async refoldLeads(tenantId: string, campaignId: string, leadIds: readonly string[], publish: (result: ApplyResult) => void): Promise<{ leads: number }> {
    const ids = uniqueSorted(leadIds);
    for (let i = 0; i < ids.length; i += REFOLD_LEADS_PER_TRANSACTION) {
      const chunk = ids.slice(i, i + REFOLD_LEADS_PER_TRANSACTION);
      publish(await this.ds.transaction((m) => this.refoldChunk(m, tenantId, campaignId, chunk, new MetricDeltas())));
    }
    return { leads: ids.length };
  }

  /**
   * Re-maps a campaign's stored calls with the tenant's current table and folds again the leads
   * whose calls changed, a few hundred leads per transaction; each transaction's result is handed
   * to `publish` as it commits. Codes still unmapped are then counted again from the stored calls.
   * Calls to a `dnc` lead that a re-mapping reveals are not raised as new alerts: they are history.
   */
  async reapplyDispositions(tenantId: string, campaignId: string, publish: (result: ApplyResult) => void): Promise<{ remapped: number; leads: number }> {
    const { dispositions, events: store } = this.parts;
    const table = await dispositions.load(this.ds.manager, tenantId);
    const calls = await store.calls(this.ds.manager, tenantId, campaignId);
    const changedLeads = uniqueSorted(calls.filter((c) => table.map(c.rawDisposition, campaignId).disposition !== c.disposition).map((c) => c.leadId));
    let remapped = 0;
    for (let i = 0; i < changedLeads.length; i += REFOLD_LEADS_PER_TRANSACTION) {
      const chunk = changedLeads.slice(i, i + REFOLD_LEADS_PER_TRANSACTION);
      const result = await this.ds.transaction(async (m) => {
        const deltas = new MetricDeltas();
        // Lock first, then read the table again: a batch applied meanwhile is either all in or all out.
        await this.parts.leads.lock(m, tenantId, chunk);
        const current = await dispositions.load(m, tenantId);
        const changes = (await store.calls(m, tenantId, campaignId, chunk))
          .map((c) => ({ ...c, next: current.map(c.rawDisposition, campaignId).disposition }))
          .filter((c) => c.next !== c.disposition)
          .sort((a, b) => byString(a.eventId, b.eventId));
        for (const c of changes) deltas.remapCall(campaignId, c.occurredAt, c.disposition, c.next);
        await store.remapCalls(m, tenantId, changes.map((c) => ({ eventId: c.eventId, disposition: c.next })));
        remapped += changes.length;
        return this.refoldChunk(m, tenantId, campaignId, chunk, deltas);
      });
      publish(result);
    }
    await dispositions.recountUnmapped(this.ds.manager, tenantId, campaignId);
    return { remapped, leads: changedLeads.length };
  }

  /** Leads folded again from scratch in the caller's transaction; their transitions rewritten as corrections. */
  private async refoldChunk(m: EntityManager, tenantId: string, campaignId: string, leadIds: readonly string[], deltas: MetricDeltas): Promise<ApplyResult> {
    const { leads, events: store } = this.parts;
    const rows = await leads.lock(m, tenantId, leadIds);
    const rules = await leads.rules(m, tenantId, uniqueSorted(rows.map((r) => r.campaign_id)));
    const histories = await store.histories(m, tenantId, rows.map((r) => r.id));
    const outcomes = rows.map((row) => {
      const o = this.refold(row, histories.get(row.id)!, rules.get(row.campaign_id) ?? DEFAULT_CAMPAIGN_RULES, new Set());
      // Nothing new was merged: the stored details stay as they are.
      return { ...o, detailSource: [] };
    });
    const pending: PendingTransition[] = [];
    const afterSteps = await this.writeOutcomes(m, tenantId, outcomes, rules, deltas, pending);
    const { transitions, accounts } = await this.recordTransitions(m, tenantId, pending, [], deltas, afterSteps.accountChanges);
    await deltas.flush(m, tenantId);
    return {
      tenantId,
      received: 0,
      applied: 0,
      duplicates: 0,
      transitions,
      touchedCampaigns: uniqueSorted([campaignId, ...rows.map((r) => r.campaign_id), ...afterSteps.touchedCampaigns]),
      dncViolations: [],
      alerts: [],
      operatorChanges: [],
      accounts,
    };
  }
}
