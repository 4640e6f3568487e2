/**
 * Applies one ingest batch in one PostgreSQL transaction: stores the raw events (the primary key
 * drops any eventId already seen, so a retry or a duplicate applies once), moves each touched lead
 * through the domain rules, records the stage transitions and gives them the campaign's next `seq`.
 *
 * Order independence (domain rule 4): events that sort after a lead's last applied event are
 * applied incrementally; a late one makes the lead's whole history be folded again from its stored
 * events, and its transitions are rewritten (pushed with `correction: true`).
 * Concurrency: lead rows are locked (FOR UPDATE, in id order) for the transaction, so two workers
 * never interleave on one lead; everything else is inserted in a fixed order to avoid deadlocks.
 *
 * Dispositions: each call is mapped once, with the tenant's table as it is when the call is applied,
 * and stored so; a refold reads the stored mapping back, so a later change of the table never
 * rewrites history silently (only `reapplyDispositions`, asked for by a manager, does).
 */
import type { AlertMessage, AlertView, CallOutcomeEvent, Disposition, IngestEvent, LeadCreatedEvent, OperatorStateEvent, Stage, TransitionView } from '@leadboard/contracts';
import {
  DEFAULT_CAMPAIGN_RULES,
  applyLeadEvent,
  compareEvents,
  detailsFromCalls,
  detailsFromCreated,
  dncViolationFinding,
  eventTime,
  fillMissing,
  foldLeadEvents,
  isAfterLastApplied,
  mapDisposition,
  overwriteWith,
  storedMapping,
  type CampaignRules,
  type DispositionResolver,
  type DispositionTable,
  type LeadEvent,
  type LeadState,
  type MappedDisposition,
  type StageChange,
} from '@leadboard/domain';
import { AccountStages, AlertRepository, DispositionTableRepository, MetricDeltas, returnedRows, stripStoredEvents, type AccountChange, type IngestBatchJob } from '@leadboard/server';
import type { DataSource, EntityManager } from 'typeorm';
import { detailsOfRow, refoldStart, rowToState, stateToRecord, type LeadRow } from './lead-row';


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
  /** B2B accounts whose stage changed (`account` pushes). */
  accountChanges?: AccountChange[]; // hook: accounts
}

const isLeadEvent = (e: IngestEvent): e is LeadCreatedEvent | CallOutcomeEvent => e.type !== 'operator.state';

function uniqueSorted(values: Iterable<string | null | undefined>): string[] {
  return [...new Set([...values].filter((v): v is string => typeof v === 'string'))].sort();
}

/** Leads re-mapped and refolded per transaction by `reapplyDispositions`: bounded lock time for ingest. */
const REAPPLY_LEADS_PER_TRANSACTION = 500;

/** Each call of the batch mapped with the tenant's table, once (stored, counted and folded alike). */
function mapCalls(events: IngestEvent[], table: DispositionTable): Map<string, MappedDisposition> {
  const out = new Map<string, MappedDisposition>();
  for (const e of events) if (e.type === 'call.outcome') out.set(e.eventId, table.map(e.disposition, e.campaignId));
  return out;
}

/** Folds with the mapping each call was stored with; a call not found there is mapped as built in. */
function resolverOf(mapped: ReadonlyMap<string, MappedDisposition>): DispositionResolver {
  return (e) => mapped.get(e.eventId) ?? mapDisposition(e.disposition);
}

interface RefoldedLead {
  state: LeadState;
  changes: StageChange[];
  dncViolations: string[];
  history: LeadEvent[];
}

interface PendingTransition extends StageChange {
  leadId: string;
  campaignId: string;
  correction: boolean;
}

export class EventApplier {
  constructor(private readonly ds: DataSource) {}

  async apply(job: IngestBatchJob): Promise<ApplyResult> {
    const byId = new Map<string, IngestEvent>();
    for (const e of job.events) if (!byId.has(e.eventId)) byId.set(e.eventId, e);
    const events = [...byId.values()].sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));

    return this.ds.transaction(async (m) => {
      const { tenantId } = job;
      const deltas = new MetricDeltas();
      const dispositions = new DispositionTableRepository(m);
      const mapped = mapCalls(events, await dispositions.load(tenantId));
      await this.upsertCampaigns(m, tenantId, events);
      await this.upsertOperators(m, tenantId, events);
      const fresh = await this.insertEvents(m, tenantId, events, job.receivedAt, mapped);
      const leadEvents = fresh.filter(isLeadEvent);
      const freshCalls = leadEvents.filter((e): e is CallOutcomeEvent => e.type === 'call.outcome');
      for (const e of freshCalls) {
        deltas.call(e.campaignId, e.occurredAt, mapped.get(e.eventId)!.disposition, e.operatorId ?? null, e.talkSeconds, e.wrapSeconds);
      }
      const { pending, dncViolations } = await this.applyToLeads(m, tenantId, leadEvents, deltas, resolverOf(mapped));
      const accountChanges = await new AccountStages(m).refresh(tenantId, uniqueSorted(leadEvents.map((e) => e.leadId)), leadEvents.filter((e): e is LeadCreatedEvent => e.type === 'lead.created')); // hook: accounts
      const operatorChanges = await this.applyOperatorStates(
        m,
        tenantId,
        fresh.filter((e): e is OperatorStateEvent => e.type === 'operator.state'),
        deltas,
      );
      // A call to a dnc lead is a compliance incident: its alert is stored with the call, at once.
      const dncAlerts = await new AlertRepository(m).insertDncViolations(
        tenantId,
        dncViolations.map((v) => ({
          campaignId: v.campaignId,
          eventId: v.eventId,
          finding: dncViolationFinding({ leadId: v.leadId, operatorId: v.operatorId, at: v.at }),
        })),
        new Date(),
      );
      // Last, and in a fixed order: the rows every writer of a campaign shares (seq, counters).
      const { transitions, alerts } = await this.recordTransitions(m, tenantId, pending, dncAlerts, deltas);
      await dispositions.recordUnmapped(
        tenantId,
        freshCalls.filter((e) => !mapped.get(e.eventId)!.mapped).map((e) => ({ campaignId: e.campaignId, code: e.disposition, at: e.occurredAt })),
      );
      await deltas.flush(m, tenantId);
      return {
        tenantId,
        received: job.events.length,
        applied: fresh.length,
        duplicates: job.events.length - fresh.length,
        transitions,
        touchedCampaigns: uniqueSorted(leadEvents.map((e) => e.campaignId)),
        dncViolations,
        alerts,
        operatorChanges,
        accountChanges, // hook: accounts
      };
    });
  }

  /**
   * Re-maps a campaign's stored calls with the tenant's current table and folds again the leads
   * whose calls changed, a few hundred leads per transaction; each transaction's result is handed
   * to `publish` as it commits. Codes still unmapped are then counted again from the stored calls.
   * Calls to a `dnc` lead that a re-mapping reveals are not raised as new alerts: they are history.
   */
  async reapplyDispositions(
    tenantId: string,
    campaignId: string,
    publish: (result: ApplyResult) => void,
    refoldOnly?: string[], // hook: refold campaign
  ): Promise<{ remapped: number; leads: number }> {
    const dispositions = new DispositionTableRepository(this.ds.manager);
    const table = await dispositions.load(tenantId);
    const calls = refoldOnly ? [] : (await this.ds.query( // hook: refold campaign
      `SELECT event_id, lead_id, raw_disposition, disposition FROM events
        WHERE tenant_id = $1 AND campaign_id = $2 AND type = 'call.outcome'`,
      [tenantId, campaignId],
    )) as { event_id: string; lead_id: string; raw_disposition: string; disposition: Disposition }[];
    const changedLeads = refoldOnly ?? uniqueSorted(calls.filter((c) => table.map(c.raw_disposition, campaignId).disposition !== c.disposition).map((c) => c.lead_id)); // hook: refold campaign
    let remapped = 0;
    for (let i = 0; i < changedLeads.length; i += REAPPLY_LEADS_PER_TRANSACTION) {
      const chunk = changedLeads.slice(i, i + REAPPLY_LEADS_PER_TRANSACTION);
      const result = await this.ds.transaction(async (m) => {
        const deltas = new MetricDeltas();
        const rows = (await m.query(`SELECT * FROM leads WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`, [tenantId, chunk])) as LeadRow[];
        // Read again under the leads' locks: a batch applied meanwhile is either all in or all out.
        const current = await new DispositionTableRepository(m).load(tenantId);
        const chunkCalls = refoldOnly ? [] : (await m.query( // hook: refold campaign
          `SELECT event_id, raw_disposition, disposition, occurred_at FROM events
            WHERE tenant_id = $1 AND campaign_id = $2 AND type = 'call.outcome' AND lead_id = ANY($3::text[])`,
          [tenantId, campaignId, chunk],
        )) as { event_id: string; raw_disposition: string; disposition: Disposition; occurred_at: Date }[];
        const changes = chunkCalls
          .map((c) => ({ ...c, next: current.map(c.raw_disposition, campaignId).disposition }))
          .filter((c) => c.next !== c.disposition)
          .sort((a, b) => (a.event_id < b.event_id ? -1 : 1));
        for (const c of changes) deltas.remapCall(campaignId, new Date(c.occurred_at).toISOString(), c.disposition, c.next);
        if (changes.length) {
          await m.query(
            `UPDATE events e SET disposition = x.next FROM jsonb_to_recordset($2::jsonb) AS x(event_id text, next text)
              WHERE e.tenant_id = $1 AND e.event_id = x.event_id`,
            [tenantId, JSON.stringify(changes.map((c) => ({ event_id: c.event_id, next: c.next })))],
          );
        }
        const rules = await this.campaignRules(m, tenantId, uniqueSorted(rows.map((r) => r.campaign_id)));
        const pending: PendingTransition[] = [];
        const updates: ReturnType<typeof stateToRecord>[] = [];
        for (const row of rows) {
          if (row.last_event_id !== null) deltas.lead(row.campaign_id, rowToState(row), -1);
          const folded = await this.refoldRow(m, tenantId, row, rules.get(row.campaign_id) ?? DEFAULT_CAMPAIGN_RULES);
          deltas.lead(row.campaign_id, folded.state, 1);
          const last = folded.changes[folded.changes.length - 1];
          updates.push(stateToRecord(row.id, folded.state, undefined, last ? new Date(last.at).toISOString() : null));
          for (const c of folded.changes) pending.push({ ...c, leadId: row.id, campaignId: row.campaign_id, correction: true });
        }
        await this.writeLeads(m, tenantId, updates, rows.map((r) => r.id), deltas);
        const accountChanges = await new AccountStages(m).refresh(tenantId, chunk, []); // hook: accounts
        const { transitions } = await this.recordTransitions(m, tenantId, pending, [], deltas);
        await deltas.flush(m, tenantId);
        remapped += changes.length;
        return {
          tenantId,
          received: 0,
          applied: 0,
          duplicates: 0,
          transitions,
          touchedCampaigns: uniqueSorted([campaignId, ...rows.map((r) => r.campaign_id)]),
          dncViolations: [],
          alerts: [],
          operatorChanges: [],
          accountChanges, // hook: accounts
        } satisfies ApplyResult;
      });
      publish(result);
    }
    await dispositions.recountUnmapped(tenantId, campaignId);
    return { remapped, leads: changedLeads.length };
  }

  // hook: refold campaign — the campaign's leads that had calls folded again under its current rules (saved
  // settings), in reapplyDispositions' chunks without re-mapping anything; corrections pushed, counters exact.
  async refoldCampaign(tenantId: string, campaignId: string, publish: (result: ApplyResult) => void): Promise<{ leads: number }> {
    const rows = (await this.ds.query(`SELECT id FROM leads WHERE tenant_id = $1 AND campaign_id = $2 AND attempts > 0 ORDER BY id`, [tenantId, campaignId])) as { id: string }[];
    return { leads: (await this.reapplyDispositions(tenantId, campaignId, publish, rows.map((r) => r.id))).leads };
  }

  private async upsertCampaigns(m: EntityManager, tenantId: string, events: IngestEvent[]): Promise<void> {
    const ids = uniqueSorted(events.map((e) => e.campaignId));
    if (!ids.length) return;
    await m.query(
      `INSERT INTO campaigns (tenant_id, id, name) SELECT $1, x, x FROM unnest($2::text[]) AS x ORDER BY x ON CONFLICT DO NOTHING`,
      [tenantId, ids],
    );
  }

  private async upsertOperators(m: EntityManager, tenantId: string, events: IngestEvent[]): Promise<void> {
    const ops = new Map<string, { id: string; name: string | null; seniority: string | null }>();
    for (const e of events) {
      if (e.type === 'operator.state') {
        const prev = ops.get(e.operatorId);
        ops.set(e.operatorId, {
          id: e.operatorId,
          name: e.operator?.name ?? prev?.name ?? null,
          seniority: e.operator?.seniority ?? prev?.seniority ?? null,
        });
      } else if (e.type === 'call.outcome' && e.operatorId && !ops.has(e.operatorId)) {
        ops.set(e.operatorId, { id: e.operatorId, name: null, seniority: null });
      }
    }
    if (!ops.size) return;
    const rows = [...ops.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    await m.query(
      `INSERT INTO operators (tenant_id, id, name, seniority)
       SELECT $1, x.id, x.name, coalesce(x.seniority, 'junior')
         FROM jsonb_to_recordset($2::jsonb) AS x(id text, name text, seniority text) ORDER BY x.id
       ON CONFLICT (tenant_id, id) DO UPDATE
         SET name = coalesce(operators.name, EXCLUDED.name)
       WHERE operators.name IS NULL AND EXCLUDED.name IS NOT NULL`,
      [tenantId, JSON.stringify(rows)],
    );
  }

  /** Inserts the raw events; returns those not seen before (the database decides, not the queue). */
  private async insertEvents(
    m: EntityManager,
    tenantId: string,
    events: IngestEvent[],
    receivedAt: string,
    mapped: ReadonlyMap<string, MappedDisposition>,
  ): Promise<IngestEvent[]> {
    if (!events.length) return [];
    const rows = events.map((e) => ({
      event_id: e.eventId,
      type: e.type,
      campaign_id: e.campaignId ?? null,
      lead_id: e.type === 'operator.state' ? null : e.leadId,
      operator_id: e.type === 'lead.created' ? null : (e.operatorId ?? null),
      occurred_at: e.occurredAt,
      disposition: e.type === 'call.outcome' ? mapped.get(e.eventId)!.disposition : null,
      raw_disposition: e.type === 'call.outcome' ? e.disposition : null,
      talk_seconds: e.type === 'call.outcome' ? e.talkSeconds : null,
      wrap_seconds: e.type === 'call.outcome' ? e.wrapSeconds : null,
      payload: e,
    }));
    const inserted = (await m.query(
      `INSERT INTO events (tenant_id, event_id, type, campaign_id, lead_id, operator_id, occurred_at,
                           disposition, raw_disposition, talk_seconds, wrap_seconds, payload, received_at)
       SELECT $1, x.event_id, x.type, x.campaign_id, x.lead_id, x.operator_id, x.occurred_at,
              x.disposition, x.raw_disposition, x.talk_seconds, x.wrap_seconds, x.payload, $3
         FROM jsonb_to_recordset($2::jsonb) AS x(event_id text, type text, campaign_id text, lead_id text,
              operator_id text, occurred_at timestamptz, disposition text, raw_disposition text,
              talk_seconds int, wrap_seconds int, payload jsonb)
        ORDER BY x.event_id
       ON CONFLICT (tenant_id, event_id) DO NOTHING
       RETURNING event_id`,
      [tenantId, JSON.stringify(rows), receivedAt],
    )) as { event_id: string }[];
    const fresh = new Set(inserted.map((r) => r.event_id));
    return events.filter((e) => fresh.has(e.eventId));
  }

  private async applyToLeads(
    m: EntityManager,
    tenantId: string,
    events: LeadEvent[],
    deltas: MetricDeltas,
    freshMapping: DispositionResolver,
  ): Promise<{ pending: PendingTransition[]; dncViolations: DncViolation[] }> {
    const pending: PendingTransition[] = [];
    const dncViolations: DncViolation[] = [];
    if (!events.length) return { pending, dncViolations };

    const byLead = new Map<string, LeadEvent[]>();
    for (const e of [...events].sort(compareEvents)) {
      const list = byLead.get(e.leadId) ?? [];
      list.push(e);
      byLead.set(e.leadId, list);
    }
    const leadIds = [...byLead.keys()].sort();
    const skeletons = leadIds.map((id) => ({ id, campaign_id: byLead.get(id)![0].campaignId }));
    await m.query(
      `INSERT INTO leads (tenant_id, id, campaign_id)
       SELECT $1, x.id, x.campaign_id FROM jsonb_to_recordset($2::jsonb) AS x(id text, campaign_id text) ORDER BY x.id
       ON CONFLICT DO NOTHING`,
      [tenantId, JSON.stringify(skeletons)],
    );
    const rows = (await m.query(
      `SELECT * FROM leads WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`,
      [tenantId, leadIds],
    )) as LeadRow[];
    const rules = await this.campaignRules(m, tenantId, uniqueSorted(rows.map((r) => r.campaign_id)));

    const updates: ReturnType<typeof stateToRecord>[] = [];
    const refolded: string[] = [];
    for (const row of rows) {
      const fresh = byLead.get(row.id)!;
      const campaignRules = rules.get(row.campaign_id) ?? DEFAULT_CAMPAIGN_RULES;
      let state: LeadState = rowToState(row);
      if (row.last_event_id !== null) deltas.lead(row.campaign_id, state, -1);
      const freshIds = new Set(fresh.map((e) => e.eventId));
      let changes: StageChange[] = [];
      let detailSource: LeadEvent[] = fresh;
      let correction = false;
      if (isAfterLastApplied(state, fresh[0])) {
        for (const e of fresh) {
          const r = applyLeadEvent(state, e, campaignRules, freshMapping);
          state = r.state;
          changes.push(...r.changes);
          if (r.dncViolation) dncViolations.push(this.violation(row, e));
        }
      } else {
        const folded = await this.refoldRow(m, tenantId, row, campaignRules);
        state = folded.state;
        changes = folded.changes;
        correction = true;
        refolded.push(row.id);
        detailSource = [...folded.history].sort(compareEvents);
        for (const id of folded.dncViolations) {
          const e = fresh.find((f) => f.eventId === id);
          if (e && freshIds.has(id)) dncViolations.push(this.violation(row, e));
        }
      }
      deltas.lead(row.campaign_id, state, 1);
      // What the lead's origin said wins over what was known; what calls said only fills the gaps.
      const created = detailsFromCreated(detailSource.filter((e): e is LeadCreatedEvent => e.type === 'lead.created'));
      const fromCalls = detailsFromCalls(detailSource.filter((e): e is CallOutcomeEvent => e.type === 'call.outcome'));
      const details = created || fromCalls ? fillMissing(overwriteWith(detailsOfRow(row), created), fromCalls) : undefined;
      // The stage was entered by the latest change; a batch without a change keeps the stored time.
      const stageSince = changes.length ? new Date(changes[changes.length - 1].at).toISOString() : null;
      updates.push(stateToRecord(row.id, state, details, stageSince));
      for (const c of changes) pending.push({ ...c, leadId: row.id, campaignId: row.campaign_id, correction });
    }

    await this.writeLeads(m, tenantId, updates, refolded, deltas);
    // An erased lead keeps no personal data, even from events that were on their way when it was erased.
    const erasedEvents = rows.filter((r) => r.erased_at !== null).flatMap((r) => byLead.get(r.id)!.map((e) => e.eventId));
    if (erasedEvents.length) await stripStoredEvents(m, tenantId, { eventIds: erasedEvents });
    return { pending, dncViolations };
  }

  /** The lead's whole stored history folded again, each call with the disposition it was stored with. */
  private async refoldRow(m: EntityManager, tenantId: string, row: LeadRow, rules: CampaignRules): Promise<RefoldedLead> {
    const { events, stored } = await this.leadHistory(m, tenantId, row.id);
    const folded = foldLeadEvents(events, rules, resolverOf(stored), refoldStart(row));
    return { ...folded, history: events };
  }

  /** Writes the leads' new state; the transitions of refolded leads are replaced (their old ones leave the counters). */
  private async writeLeads(m: EntityManager, tenantId: string, updates: ReturnType<typeof stateToRecord>[], refolded: string[], deltas: MetricDeltas): Promise<void> {
    await m.query(
      `UPDATE leads l SET
         stage = x.stage, max_rank = x.max_rank, contacted = x.contacted, owner_operator_id = x.owner_operator_id,
         bant_need = x.bant_need, bant_budget = x.bant_budget, bant_authority = x.bant_authority, bant_timeline = x.bant_timeline,
         attempts = x.attempts, no_contact_attempts = x.no_contact_attempts, unmapped = x.unmapped, source = x.source,
         first_event_at = x.first_event_at, first_call_at = x.first_call_at, last_disposition = x.last_disposition,
         callback_at = x.callback_at, last_event_at = x.last_event_at, last_event_id = x.last_event_id,
         name = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN x.name ELSE l.name END,
         phone = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN x.phone ELSE l.phone END,
         email = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN x.email ELSE l.email END,
         attributes = CASE WHEN x.has_personal AND l.erased_at IS NULL THEN x.attributes ELSE l.attributes END,
         stage_since = coalesce(x.stage_since, l.stage_since),
         version = l.version + 1, updated_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, stage text, max_rank smallint, contacted boolean,
         owner_operator_id text, bant_need boolean, bant_budget boolean, bant_authority boolean, bant_timeline boolean,
         attempts int, no_contact_attempts int, unmapped int, source text, first_event_at timestamptz,
         first_call_at timestamptz, last_disposition text, callback_at timestamptz, last_event_at timestamptz,
         last_event_id text, stage_since timestamptz, has_personal boolean, name text, phone text, email text, attributes jsonb)
       WHERE l.tenant_id = $1 AND l.id = x.id`,
      [tenantId, JSON.stringify(updates)],
    );
    if (refolded.length) {
      const removed = returnedRows<{ campaign_id: string; to_stage: Stage; at: Date; operator_id: string | null }>(
        await m.query(
          `DELETE FROM stage_transitions WHERE tenant_id = $1 AND lead_id = ANY($2::text[]) RETURNING campaign_id, to_stage, at, operator_id`,
          [tenantId, refolded],
        ),
      );
      for (const r of removed) deltas.transition(r.campaign_id, r.to_stage, new Date(r.at).toISOString(), r.operator_id, -1);
    }
  }

  private violation(row: LeadRow, e: LeadEvent): DncViolation {
    return {
      campaignId: row.campaign_id,
      leadId: row.id,
      eventId: e.eventId,
      operatorId: e.type === 'call.outcome' ? (e.operatorId ?? null) : null,
      at: e.occurredAt,
    };
  }

  private async leadHistory(m: EntityManager, tenantId: string, leadId: string): Promise<{ events: LeadEvent[]; stored: Map<string, MappedDisposition> }> {
    const rows = (await m.query(
      `SELECT payload, disposition FROM events WHERE tenant_id = $1 AND lead_id = $2 AND type IN ('lead.created', 'call.outcome')`,
      [tenantId, leadId],
    )) as { payload: LeadEvent; disposition: Disposition | null }[];
    const stored = new Map<string, MappedDisposition>();
    for (const r of rows) if (r.disposition !== null) stored.set(r.payload.eventId, storedMapping(r.disposition));
    return { events: rows.map((r) => r.payload), stored };
  }

  private async campaignRules(m: EntityManager, tenantId: string, ids: string[]): Promise<Map<string, CampaignRules>> {
    const rows = (await m.query(
      `SELECT id, max_attempts, qualification_threshold FROM campaigns WHERE tenant_id = $1 AND id = ANY($2::text[])`,
      [tenantId, ids],
    )) as { id: string; max_attempts: number; qualification_threshold: number }[];
    return new Map(rows.map((r) => [r.id, { maxAttempts: r.max_attempts, qualificationThreshold: r.qualification_threshold }]));
  }

  /**
   * Gives each transition, then each new alert, its campaign's next seq — one sorted update of the
   * campaign rows, whose locks order concurrent writers — and stores the transitions.
   * `FOR NO KEY UPDATE`, not `FOR UPDATE`: the foreign keys to campaigns (leads, campaign_stats) take
   * KEY SHARE locks earlier in every transaction, and FOR UPDATE would wait on the other writers'
   * KEY SHARE while they wait on ours — a deadlock for any two batches of one campaign.
   */
  private async recordTransitions(
    m: EntityManager,
    tenantId: string,
    pending: PendingTransition[],
    newAlerts: AlertView[],
    deltas: MetricDeltas,
  ): Promise<{ transitions: AppliedTransition[]; alerts: AlertMessage[] }> {
    if (!pending.length && !newAlerts.length) return { transitions: [], alerts: [] };
    for (const p of pending) deltas.transition(p.campaignId, p.to, p.at, p.operatorId, 1);
    const counts = new Map<string, number>();
    for (const c of [...pending.map((p) => p.campaignId), ...newAlerts.map((a) => a.campaignId)]) counts.set(c, (counts.get(c) ?? 0) + 1);
    const bumps = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, n]) => ({ id, n }));
    const seqRows = returnedRows<{ id: string; seq: string }>(await m.query(
      `WITH locked AS (
         SELECT id FROM campaigns WHERE tenant_id = $1 AND id = ANY($3::text[]) ORDER BY id FOR NO KEY UPDATE
       )
       UPDATE campaigns c SET seq = c.seq + x.n
         FROM jsonb_to_recordset($2::jsonb) AS x(id text, n int), locked
        WHERE c.tenant_id = $1 AND c.id = x.id AND locked.id = x.id
       RETURNING c.id, c.seq`,
      [tenantId, JSON.stringify(bumps), bumps.map((b) => b.id)],
    ));
    const next = new Map(seqRows.map((r) => [r.id, Number(r.seq) - counts.get(r.id)! + 1]));
    const take = (campaignId: string) => {
      const seq = next.get(campaignId)!;
      next.set(campaignId, seq + 1);
      return seq;
    };
    const applied: AppliedTransition[] = pending.map((p) => ({
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
    if (applied.length) {
      await m.query(
        `INSERT INTO stage_transitions (tenant_id, campaign_id, lead_id, from_stage, to_stage, at, event_id, operator_id, cause, seq)
         SELECT $1, x."campaignId", x."leadId", x."from", x."to", x."at", x."eventId", x."operatorId", x.cause, x.seq
           FROM jsonb_to_recordset($2::jsonb) AS x("campaignId" text, "leadId" text, "from" text, "to" text, "at" timestamptz,
                "eventId" text, "operatorId" text, cause text, seq bigint)`,
        [tenantId, JSON.stringify(applied)],
      );
    }
    return { transitions: applied, alerts };
  }

  /**
   * An operator's state is its latest operator.state by (occurredAt, eventId), whatever the arrival
   * order. Each step forward also books the time spent in the previous state (occupancy); an event
   * older than the current state changes nothing (its time was already booked as the later state's).
   */
  private async applyOperatorStates(
    m: EntityManager,
    tenantId: string,
    events: OperatorStateEvent[],
    deltas: MetricDeltas,
  ): Promise<{ operatorId: string; campaignId: string }[]> {
    if (!events.length) return [];
    const byOperator = new Map<string, OperatorStateEvent[]>();
    for (const e of [...events].sort(compareEvents)) byOperator.set(e.operatorId, [...(byOperator.get(e.operatorId) ?? []), e]);
    const ids = [...byOperator.keys()].sort();
    const current = (await m.query(
      `SELECT id, state, state_since, state_event_id, campaign_id FROM operators WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`,
      [tenantId, ids],
    )) as { id: string; state: string; state_since: Date | null; state_event_id: string | null; campaign_id: string | null }[];
    const rows: { id: string; state: string; at: string; event_id: string; campaign_id: string | null }[] = [];
    for (const op of current) {
      let state = op.state;
      let sinceMs = op.state_since ? new Date(op.state_since).getTime() : null;
      let sinceId = op.state_event_id ?? '';
      let last: OperatorStateEvent | null = null;
      for (const e of byOperator.get(op.id) ?? []) {
        const at = eventTime(e.occurredAt);
        if (sinceMs !== null && (at < sinceMs || (at === sinceMs && e.eventId <= sinceId))) continue;
        if (sinceMs !== null) deltas.operatorTime(op.id, sinceMs, at, state !== 'offline', state === 'on_call' || state === 'wrap_up');
        state = e.state;
        sinceMs = at;
        sinceId = e.eventId;
        last = e;
      }
      if (last) rows.push({ id: op.id, state: last.state, at: last.occurredAt, event_id: last.eventId, campaign_id: last.campaignId ?? op.campaign_id });
    }
    if (!rows.length) return [];
    await m.query(
      `UPDATE operators o SET state = x.state, state_since = x.at, state_event_id = x.event_id,
              campaign_id = coalesce(x.campaign_id, o.campaign_id)
         FROM jsonb_to_recordset($2::jsonb) AS x(id text, state text, at timestamptz, event_id text, campaign_id text)
        WHERE o.tenant_id = $1 AND o.id = x.id`,
      [tenantId, JSON.stringify(rows)],
    );
    return rows.flatMap((r) => (r.campaign_id ? [{ operatorId: r.id, campaignId: r.campaign_id }] : []));
  }
}
