/**
 * The orchestrating service with every part replaced by an in-memory one: what it asks of each
 * part, in which order, and what it makes of the answers — no database involved.
 */
import type { CallOutcomeEvent, IngestEvent, LeadCreatedEvent, OperatorStateEvent } from '@leadboard/contracts';
import { DispositionTable, type CampaignRules, DEFAULT_CAMPAIGN_RULES, type LeadEvent, type MappedDisposition } from '@leadboard/domain';
import { SequenceAllocator, currentScopeTenant, type IngestBatchJob } from '@leadboard/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { DispositionTables, DncAlerts } from './engine-adapters';
import { EventApplier, type AfterLeadsWritten, type LeadsWrittenContext } from './event-applier';
import type { EventStore, EventToStore, LeadHistory } from './event-store';
import { newLeadRow, type LeadRecord, type LeadRow } from './lead-row';
import type { LeadRepository, TransitionToStore } from './lead.repository';
import type { OperatorRepository, OperatorStateToStore, StoredOperator } from './operator.repository';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const minute = (n: number) => new Date(T0 + n * 60_000).toISOString();
const leadCreated = (eventId: string, at: number, extra: Partial<LeadCreatedEvent> = {}): LeadCreatedEvent => ({
  eventId,
  type: 'lead.created',
  occurredAt: minute(at),
  campaignId: 'c-1',
  leadId: 'L-1',
  lead: { source: 'web_form' },
  ...extra,
});
const callOutcome = (eventId: string, at: number, disposition: string, extra: Partial<CallOutcomeEvent> = {}): CallOutcomeEvent => ({
  eventId,
  type: 'call.outcome',
  occurredAt: minute(at),
  campaignId: 'c-1',
  leadId: 'L-1',
  operatorId: 'op-1',
  disposition,
  talkSeconds: 30,
  wrapSeconds: 10,
  ...extra,
});

/** What the fakes record, in call order. */
type Call = string;

function recordToRow(prev: LeadRow, r: LeadRecord): LeadRow {
  const d = (s: string | null) => (s ? new Date(s) : null);
  return {
    ...prev,
    stage: r.stage,
    max_rank: r.max_rank,
    contacted: r.contacted,
    owner_operator_id: r.owner_operator_id,
    bant_need: r.bant_need,
    bant_budget: r.bant_budget,
    bant_authority: r.bant_authority,
    bant_timeline: r.bant_timeline,
    attempts: r.attempts,
    no_contact_attempts: r.no_contact_attempts,
    unmapped: r.unmapped,
    source: r.source,
    first_event_at: d(r.first_event_at),
    first_call_at: d(r.first_call_at),
    last_disposition: r.last_disposition,
    callback_at: d(r.callback_at),
    last_event_at: d(r.last_event_at),
    last_event_id: r.last_event_id,
    call_codes: r.call_codes,
    event_count: r.event_count,
  };
}

class Fakes {
  calls: Call[] = [];
  stored = new Map<string, EventToStore>();
  rows = new Map<string, LeadRow>();
  transitions: TransitionToStore[] = [];
  operators = new Map<string, StoredOperator>();
  seq = new Map<string, number>();
  rules = new Map<string, CampaignRules>();
  manager = { query: async () => [] } as unknown as EntityManager;

  events: EventStore = {
    insertFresh: async (_m: EntityManager, _t: string, items: readonly EventToStore[]) => {
      this.calls.push(`events.insertFresh ${items.length}`);
      const fresh = new Set<string>();
      for (const i of items) {
        if (this.stored.has(i.event.eventId)) continue;
        this.stored.set(i.event.eventId, i);
        fresh.add(i.event.eventId);
      }
      return fresh;
    },
    histories: async (_m: EntityManager, _t: string, leadIds: readonly string[]) => {
      this.calls.push(`events.histories ${leadIds.join(',')}`);
      const out = new Map<string, LeadHistory>();
      for (const id of leadIds) {
        const mine = [...this.stored.values()].filter((s) => s.event.type !== 'operator.state' && s.event.leadId === id);
        const stored = new Map<string, MappedDisposition>(mine.filter((s) => s.disposition).map((s) => [s.event.eventId, { disposition: s.disposition!, mapped: true }]));
        out.set(id, { events: mine.map((s) => s.event as LeadEvent), stored });
      }
      return out;
    },
    stripPersonalData: async (_m: EntityManager, _t: string, ids: readonly string[]) => {
      if (ids.length) this.calls.push(`events.stripPersonalData ${ids.join(',')}`);
    },
  } as unknown as EventStore;

  leads: LeadRepository = {
    ensureCampaigns: async (_m: EntityManager, _t: string, ids: readonly string[]) => {
      this.calls.push(`leads.ensureCampaigns ${ids.join(',')}`);
      return new Map(ids.map((id) => [id, this.rules.get(id) ?? DEFAULT_CAMPAIGN_RULES]));
    },
    rules: async (_m: EntityManager, _t: string, ids: readonly string[]) => new Map(ids.map((id) => [id, this.rules.get(id) ?? DEFAULT_CAMPAIGN_RULES])),
    lock: async (_m: EntityManager, _t: string, ids: readonly string[]) => {
      this.calls.push(`leads.lock ${ids.join(',')}`);
      return [...ids].sort().flatMap((id) => (this.rows.has(id) ? [{ ...this.rows.get(id)! }] : []));
    },
    write: async (_m: EntityManager, _t: string, records: readonly LeadRecord[]) => {
      this.calls.push(`leads.write ${records.map((r) => `${r.id}${r.is_new ? '+' : ''}`).join(',')}`);
      for (const r of records) this.rows.set(r.id, recordToRow(this.rows.get(r.id) ?? newLeadRow(r.id, r.campaign_id), r));
    },
    removeTransitions: async (_m: EntityManager, _t: string, ids: readonly string[]) => {
      if (!ids.length) return [];
      this.calls.push(`leads.removeTransitions ${ids.join(',')}`);
      const removed = this.transitions.filter((t) => ids.includes(t.leadId));
      this.transitions = this.transitions.filter((t) => !ids.includes(t.leadId));
      return removed.map((t) => ({ campaignId: t.campaignId, to: t.to, at: t.at, operatorId: t.operatorId }));
    },
    insertTransitions: async (_m: EntityManager, _t: string, list: readonly TransitionToStore[]) => {
      this.calls.push(`leads.insertTransitions ${list.length}`);
      this.transitions.push(...list);
    },
  } as unknown as LeadRepository;

  operatorRepo: OperatorRepository = {
    ensure: async (_m: EntityManager, _t: string, sightings: readonly { id: string }[]) => {
      if (!sightings.length) return;
      this.calls.push(`operators.ensure ${sightings.map((s) => s.id).join(',')}`);
      for (const s of sightings) if (!this.operators.has(s.id)) this.operators.set(s.id, { id: s.id, state: 'offline', sinceMs: null, sinceEventId: null, campaignId: null });
    },
    lockPositions: async (_m: EntityManager, _t: string, ids: readonly string[]) => {
      this.calls.push(`operators.lockPositions ${ids.join(',')}`);
      return ids.map((id) => ({ ...this.operators.get(id)! }));
    },
    writePositions: async (_m: EntityManager, _t: string, states: readonly OperatorStateToStore[]) => {
      this.calls.push(`operators.writePositions ${states.map((s) => `${s.id}=${s.state}`).join(',')}`);
      for (const s of states) this.operators.set(s.id, { id: s.id, state: s.state, sinceMs: Date.parse(s.at), sinceEventId: s.eventId, campaignId: s.campaignId });
    },
  } as unknown as OperatorRepository;

  sequence = {
    take: async (_db: unknown, _t: string, counts: ReadonlyMap<string, number>) => {
      this.calls.push(`sequence.take ${[...counts].map(([c, n]) => `${c}:${n}`).join(',')}`);
      const firsts = new Map<string, number>();
      for (const [c, n] of counts) {
        firsts.set(c, (this.seq.get(c) ?? 0) + 1);
        this.seq.set(c, (this.seq.get(c) ?? 0) + n);
      }
      return firsts;
    },
  } as unknown as SequenceAllocator;

  dispositions: DispositionTables = {
    load: async () => DispositionTable.builtIn,
    recordUnmapped: async () => undefined,
    recountUnmapped: async () => undefined,
  } as unknown as DispositionTables;

  dncAlerts: DncAlerts = {
    insert: async (_m: EntityManager, tenantId: string, items: { campaignId: string; eventId: string }[]) => {
      if (!items.length) return [];
      this.calls.push(`dncAlerts.insert ${items.map((i) => i.eventId).join(',')}`);
      return items.map((i) => ({ id: `alert-${i.eventId}`, campaignId: i.campaignId, rule: 'dnc_violation' }));
    },
  } as unknown as DncAlerts;

  /** The tenant scope each transaction began in (the tenant walls: one transaction is one tenant's). */
  transactions: (string | null)[] = [];
  ds = {
    transaction: async (work: (m: EntityManager) => Promise<unknown>) => {
      this.transactions.push(currentScopeTenant());
      return work(this.manager);
    },
    manager: this.manager,
  } as unknown as DataSource;

  applier(afterLeadsWritten: AfterLeadsWritten[] = []): EventApplier {
    return new EventApplier(this.ds, {
      events: this.events,
      leads: this.leads,
      operators: this.operatorRepo,
      sequence: this.sequence,
      dispositions: this.dispositions,
      dncAlerts: this.dncAlerts,
      afterLeadsWritten,
      clock: () => new Date('2026-11-23T10:00:00Z'),
    });
  }
}

const TENANT_0 = '00000000-0000-4000-8000-000000000000';
const TENANT_1 = '00000000-0000-4000-8000-000000000001';
const job = (events: IngestEvent[], receivedAt = '2026-11-23T09:30:00Z'): IngestBatchJob => ({ tenantId: TENANT_1, receivedAt, events });
const lead = (id: string) => ({ leadId: id });

describe('EventApplier (parts replaced)', () => {
  it('applies new leads incrementally, takes the campaign seqs once for the set, and runs the after-write steps in the transaction', async () => {
    const f = new Fakes();
    const seen: LeadsWrittenContext[] = [];
    const step: AfterLeadsWritten = { name: 'spy', run: async (ctx) => void seen.push(ctx) };
    const result = await f.applier([step]).apply(job([leadCreated('a0', 0, lead('L-1')), leadCreated('b0', 1, lead('L-2')), callOutcome('a1', 2, 'INTERESTED', lead('L-1'))]));

    expect(result.transitions.map((t) => [t.leadId, t.from, t.to, t.seq, t.correction])).toEqual([
      ['L-1', null, 'new', 1, false],
      ['L-1', 'new', 'contacted', 2, false],
      ['L-2', null, 'new', 3, false],
    ]);
    expect(f.calls.filter((c) => c.startsWith('sequence'))).toEqual(['sequence.take c-1:3']);
    // Both leads are new: the write inserts them (no empty row first).
    expect(f.calls.indexOf('leads.write L-1+,L-2+')).toBeLessThan(f.calls.indexOf('sequence.take c-1:3'));
    expect(seen).toHaveLength(1);
    expect(seen[0].m).toBe(f.manager);
    expect(seen[0].leads.map((l) => [l.id, l.before, l.after.stage, l.refolded])).toEqual([
      ['L-1', null, 'contacted', false],
      ['L-2', null, 'new', false],
    ]);
    expect(f.calls).not.toContain('events.histories L-1');
  });

  it('refolds a lead that receives a late event, from its stored history, and rewrites its transitions as corrections', async () => {
    const f = new Fakes();
    const applier = f.applier();
    await applier.apply(job([leadCreated('a0', 0), callOutcome('a2', 5, 'INTERESTED')]));
    const late = await applier.apply(job([callOutcome('a1', 2, 'NO_ANSWER')]));

    expect(f.calls).toContain('events.histories L-1');
    expect(f.calls).toContain('leads.removeTransitions L-1');
    expect(late.transitions.every((t) => t.correction)).toBe(true);
    expect(late.transitions.map((t) => [t.to, t.seq])).toEqual([
      ['new', 3],
      ['contacted', 4],
    ]);
    expect(f.rows.get('L-1')).toMatchObject({ stage: 'contacted', attempts: 2, last_event_id: 'a2' });
  });

  it('stores each event of a set once, and tells each job what was its own', async () => {
    const f = new Fakes();
    const applier = f.applier();
    await applier.apply(job([leadCreated('x0', 0, lead('L-9'))]));
    const set = await applier.applySet([
      job([leadCreated('a0', 0), callOutcome('a1', 1, 'INTERESTED')]),
      job([callOutcome('a1', 1, 'INTERESTED'), leadCreated('x0', 0, lead('L-9')), leadCreated('b0', 2, lead('L-2'))]),
    ]);
    expect(f.calls.filter((c) => c.startsWith('events.insertFresh')).at(-1)).toBe('events.insertFresh 4');
    expect(set.jobs).toEqual([
      { applied: 2, duplicates: 0, transitions: 2 },
      { applied: 1, duplicates: 2, transitions: 1 },
    ]);
    expect(set.results).toHaveLength(1);
    expect(set.results[0]).toMatchObject({ received: 5, applied: 3, duplicates: 2 });
  });

  it('keeps the tenants of one set apart, each with its own result', async () => {
    const f = new Fakes();
    const set = await f.applier().applySet([job([leadCreated('a0', 0)]), { ...job([leadCreated('a0', 0)]), tenantId: TENANT_0 }]);
    expect(set.results.map((r) => r.tenantId)).toEqual([TENANT_0, TENANT_1]);
    // One transaction per tenant, each begun in that tenant's scope (SET LOCAL app.tenant_id).
    expect(f.transactions).toEqual([TENANT_0, TENANT_1]);
    // The fakes share one store across tenants: whichever tenant goes first stores the event, so
    // this shows the tenants are applied one after the other, in tenant id order (TENANT_0, the second job, first).
    expect(set.jobs).toEqual([
      { applied: 0, duplicates: 1, transitions: 0 },
      { applied: 1, duplicates: 0, transitions: 1 },
    ]);
  });

  it('raises an alert for a call to a dnc lead, with the campaign\'s next seq', async () => {
    const f = new Fakes();
    const applier = f.applier();
    await applier.apply(job([leadCreated('a0', 0), callOutcome('a1', 1, 'DO_NOT_CALL')]));
    const r = await applier.apply(job([callOutcome('a2', 2, 'INTERESTED')]));
    expect(r.dncViolations).toEqual([{ campaignId: 'c-1', leadId: 'L-1', eventId: 'a2', operatorId: 'op-1', at: minute(2) }]);
    expect(f.calls).toContain('dncAlerts.insert a2');
    expect(r.transitions).toEqual([]);
    expect(r.alerts.map((a) => a.seq)).toEqual([3]);
  });

  it('moves operators through the domain state machine and reports the ones that changed', async () => {
    const f = new Fakes();
    const state = (id: string, m: number, s: OperatorStateEvent['state']): OperatorStateEvent => ({ eventId: id, type: 'operator.state', occurredAt: minute(m), operatorId: 'op-7', state: s, campaignId: 'c-1' });
    const applier = f.applier();
    const r = await applier.apply(job([state('s2', 2, 'on_call'), state('s1', 1, 'available')]));
    expect(r.operatorChanges).toEqual([{ operatorId: 'op-7', campaignId: 'c-1' }]);
    expect(f.calls).toContain('operators.writePositions op-7=on_call');
    const older = await applier.apply(job([state('s0', 0, 'paused')]));
    expect(older.operatorChanges).toEqual([]);
    expect(f.operators.get('op-7')?.state).toBe('on_call');
  });

  it('refolds the leads named by refoldLeads under the current rules, in chunks, as corrections', async () => {
    const f = new Fakes();
    const applier = f.applier();
    await applier.apply(job([leadCreated('a0', 0), ...['NO_ANSWER', 'BUSY', 'NO_ANSWER'].map((d, i) => callOutcome(`a${i + 1}`, i + 1, d))]));
    expect(f.rows.get('L-1')?.stage).toBe('new');
    f.rules.set('c-1', { maxAttempts: 2, qualificationThreshold: 3 });
    const published: unknown[] = [];
    expect(await applier.refoldLeads(TENANT_1, 'c-1', ['L-1'], (r) => published.push(r))).toEqual({ leads: 1 });
    expect(f.rows.get('L-1')?.stage).toBe('nurturing');
    expect(published).toHaveLength(1);
  });
});
