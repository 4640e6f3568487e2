/**
 * Priority kept current against the real PostgreSQL: the engine hook writes what libs/domain's rule says in
 * the batch's own transaction, whatever the arrival order; the freshness schedule recomputes in sets, writes
 * only what moved, leaves leads whose freshness is spent, and pushes `queue` for the campaigns it reordered.
 */
import type { IngestEvent, LeadCreatedEvent, QueueChangedMessage } from '@leadboard/contracts';
import { DEFAULT_CAMPAIGN_RULES, DEFAULT_PRIORITY_SETTINGS, detailsFromCreated, foldLeadEvents, leadPriority, nextPriorityChangeAt, priorityInputOf, type LeadEvent } from '@leadboard/domain';
import { randomChunks, randomLeadHistory, seededRandom, shuffled } from '@leadboard/domain/testing';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import { EventApplier } from '../events/event-applier';
import type { LivePublisher } from '@leadboard/server';
import { PriorityDecay } from './priority-decay';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('priority');
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

const newTenant = () => db.newTenant();

function decay(): { job: PriorityDecay; pushed: QueueChangedMessage[] } {
  const pushed: QueueChangedMessage[] = [];
  const publisher = { queueChanged: (_t: string, m: QueueChangedMessage) => pushed.push(m) } as unknown as LivePublisher;
  const job = new PriorityDecay(db.ds, publisher);
  return { job, pushed };
}

const created = (leadId: string, at: Date, attributes: Record<string, string> = {}, campaignId = 'c-p'): LeadCreatedEvent => ({
  eventId: `lc-${leadId}`,
  type: 'lead.created',
  occurredAt: at.toISOString(),
  campaignId,
  leadId,
  lead: { source: 'meta_ads', name: `Maria ${leadId}`, attributes },
});

interface StoredPriority {
  id: string;
  priority: number;
  hot: boolean;
  priority_reasons: unknown;
  priority_at: Date | null;
  waiting_since: Date | null;
}
async function stored(tenantId: string): Promise<Map<string, StoredPriority>> {
  const rows = (await db.ds.query('SELECT id, priority, hot, priority_reasons, priority_at, waiting_since FROM leads WHERE tenant_id = $1 ORDER BY id', [tenantId])) as StoredPriority[];
  return new Map(rows.map((r) => [r.id, r]));
}

describe('the engine hook', () => {
  it('stores the domain priority of every lead, whatever the arrival order and batch split', async () => {
    const tenantId = await newTenant();
    const rand = seededRandom(12);
    const t0 = Date.now() - 30 * 60_000;
    const byLead = new Map<string, LeadEvent[]>();
    for (let i = 0; i < 25; i++) {
      const history = randomLeadHistory(rand, { campaignId: 'c-p', leadId: `L-${i}`, t0, maxCalls: 4 });
      if (i % 3 === 0) (history[0] as LeadCreatedEvent).lead.attributes = { urgency: 'subito' };
      byLead.set(`L-${i}`, history);
    }
    const applier = new EventApplier(db.ds);
    for (const chunk of randomChunks(rand, shuffled(rand, [...byLead.values()].flat()), 9)) {
      await applier.apply({ tenantId, events: chunk as IngestEvent[], receivedAt: new Date().toISOString() });
    }
    const rows = await stored(tenantId);
    for (const [leadId, events] of byLead) {
      const row = rows.get(leadId)!;
      const fold = foldLeadEvents(events, DEFAULT_CAMPAIGN_RULES);
      const details = detailsFromCreated(events.filter((e): e is LeadCreatedEvent => e.type === 'lead.created'));
      const expected = leadPriority(priorityInputOf(fold.state, details), DEFAULT_PRIORITY_SETTINGS, new Date(row.priority_at!).getTime());
      expect({ leadId, priority: row.priority, hot: row.hot, reasons: row.priority_reasons }).toEqual({ leadId, ...expected });
      const last = fold.state.lastEventAtMs!;
      const callback = fold.state.callbackAt ? Date.parse(fold.state.callbackAt) : -Infinity;
      expect(new Date(row.waiting_since!).getTime()).toBe(Math.max(last, callback));
    }
  });
});

describe('the freshness schedule', () => {
  it('recomputes as time passes, writes only what moved, and pushes queue for the campaign', async () => {
    const tenantId = await newTenant();
    const now = Date.now();
    const applier = new EventApplier(db.ds);
    await applier.apply({
      tenantId,
      events: [
        created('F-1', new Date(now - 60_000), { urgency: 'subito' }, 'c-fresh'),
        created('F-2', new Date(now - 2 * 3600_000), {}, 'c-fresh'),
        created('F-3', new Date(now - 30 * 3600_000), {}, 'c-fresh'),
      ],
      receivedAt: new Date().toISOString(),
    });
    const before = await stored(tenantId);
    expect(before.get('F-1')).toMatchObject({ priority: 80, hot: true });
    expect(before.get('F-3')).toMatchObject({ priority: 20, hot: false });

    const { job, pushed } = decay();
    const later = new Date(now + 12 * 3600_000);
    await job.run(later);
    const after = await stored(tenantId);
    // F-1: 20 (no target) + 30 (urgency) + freshness at ~12 h → not hot any more at 70.
    expect(after.get('F-1')!.priority).toBe(50 + Math.round((30 * (24 * 3600_000 - (12 * 3600_000 + 60_000))) / (24 * 3600_000 - 5 * 60_000)));
    expect(after.get('F-1')!.hot).toBe(false);
    expect(after.get('F-2')!.priority).toBeLessThan(before.get('F-2')!.priority);
    // F-3 was more than a day old when first computed: its figures are final, the schedule never reads it.
    expect(after.get('F-3')!.priority_at).toEqual(before.get('F-3')!.priority_at);
    expect(pushed.filter((m) => m.campaignId === 'c-fresh')).toEqual([{ campaignId: 'c-fresh', cause: 'schedule', changed: 2, at: later.toISOString() }]);

    // Same instant again: nothing moved, nothing written, nothing pushed.
    const again = decay();
    await again.job.run(later);
    const unchanged = await stored(tenantId);
    expect(unchanged.get('F-1')!.priority_at).toEqual(after.get('F-1')!.priority_at);
    expect(again.pushed.filter((m) => m.campaignId === 'c-fresh')).toEqual([]);

    // Past a day, freshness is spent: written one last time, then left alone.
    const dayLater = new Date(now + 25 * 3600_000);
    await decay().job.run(dayLater);
    const settled = await stored(tenantId);
    expect(settled.get('F-1')!.priority).toBe(50);
    expect(new Date(settled.get('F-1')!.priority_at!).toISOString()).toBe(dayLater.toISOString());
    await decay().job.run(new Date(now + 26 * 3600_000));
    expect(new Date((await stored(tenantId)).get('F-1')!.priority_at!).toISOString()).toBe(dayLater.toISOString());
  });

  it('computes the leads that existed before priorities did (never computed) and works through campaigns larger than a chunk', async () => {
    const tenantId = await newTenant();
    const now = Date.now();
    await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'c-big', 'big')`, [tenantId]);
    // 4,500 leads written as the migrations leave them: stage new, priority 0, priority_at NULL, due now.
    await db.ds.query(
      `INSERT INTO leads (tenant_id, id, campaign_id, stage, first_event_at, last_event_at, priority_next_at)
       SELECT $1, 'B-' || lpad(g::text, 5, '0'), 'c-big', 'new', $2::timestamptz - make_interval(mins => g % 600), $2::timestamptz - make_interval(mins => g % 600), $2::timestamptz
         FROM generate_series(1, 4500) g`,
      [tenantId, new Date(now).toISOString()],
    );
    const { job, pushed } = decay();
    await job.run(new Date(now));
    const [{ n, zero, nowaiting }] = (await db.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE priority = 0)::int AS zero, count(*) FILTER (WHERE waiting_since IS NULL)::int AS nowaiting
         FROM leads WHERE tenant_id = $1 AND priority_at IS NOT NULL`,
      [tenantId],
    )) as { n: number; zero: number; nowaiting: number }[];
    expect({ n, zero, nowaiting }).toEqual({ n: 4500, zero: 0, nowaiting: 0 });
    expect(pushed.find((m) => m.campaignId === 'c-big')).toMatchObject({ cause: 'schedule', changed: 4500 });
  });
});

describe('the instant each lead is due', () => {
  it('is stored with every priority, and the schedule reads only the leads whose instant has passed', async () => {
    const tenantId = await newTenant();
    const now = Date.now();
    const events = [
      created('N-1', new Date(now - 60_000), {}, 'c-next'),
      created('N-2', new Date(now - 2 * 3600_000), {}, 'c-next'),
      created('N-3', new Date(now - 7 * 3600_000), {}, 'c-next'),
      created('N-4', new Date(now - 30 * 3600_000), {}, 'c-next'),
    ];
    await new EventApplier(db.ds).apply({ tenantId, events, receivedAt: new Date().toISOString() });
    const nextOf = async () =>
      new Map(
        ((await db.ds.query(`SELECT id, priority_at, priority_next_at FROM leads WHERE tenant_id = $1`, [tenantId])) as { id: string; priority_at: Date; priority_next_at: Date | null }[]).map((r) => [
          r.id,
          { at: new Date(r.priority_at).getTime(), next: r.priority_next_at === null ? null : new Date(r.priority_next_at).getTime() },
        ]),
      );
    const stored = await nextOf();
    for (const e of events) {
      const input = priorityInputOf(foldLeadEvents([e], DEFAULT_CAMPAIGN_RULES).state, detailsFromCreated([e]));
      expect({ id: e.leadId, next: stored.get(e.leadId)!.next }).toEqual({ id: e.leadId, next: nextPriorityChangeAt(input, stored.get(e.leadId)!.at) });
    }
    // A day and more old: freshness spent, nothing for the schedule ever.
    expect(stored.get('N-4')!.next).toBeNull();

    // At the earliest instant, that lead alone is read, and written with its next instant (the schedule
    // writes every lead it reads: its instant always moves on); the others are left as they were.
    const earliest = Math.min(...[...stored.values()].flatMap((v) => (v.next === null ? [] : [v.next])));
    const due = [...stored].filter(([, v]) => v.next === earliest).map(([id]) => id);
    expect(due).toHaveLength(1);
    await decay().job.run(new Date(earliest));
    const after = await nextOf();
    for (const [id, v] of after) {
      if (due.includes(id)) expect(v).toEqual({ at: earliest, next: expect.any(Number) });
      else expect(v).toEqual(stored.get(id));
    }
    expect(after.get(due[0])!.next!).toBeGreaterThan(earliest);
  });
});
