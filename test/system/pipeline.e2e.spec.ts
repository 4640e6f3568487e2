/**
 * The foundation, end to end: HTTP ingest → BullMQ → a worker process → PostgreSQL → socket.io,
 * against the real services, with the worker not in the API process.
 */
import { DataSource } from 'typeorm';
import { connectLive, type LiveRecorder } from '../support/live-client';
import { callOutcome, leadCreated } from '../support/events';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

let stack: Stack;
let db: DataSource;
let tenantA: TenantCredentials;
let tenantB: TenantCredentials;
let tokenA: string;
let tokenB: string;
const sockets: LiveRecorder[] = [];

const count = async (sql: string, params: unknown[]) => Number(((await db.query(sql, params)) as { n: string }[])[0].n);

beforeAll(async () => {
  stack = await startStack();
  db = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 2 } });
  await db.initialize();
  [tenantA, tenantB] = await Promise.all([createTenant(stack, 'Tenant A'), createTenant(stack, 'Tenant B')]);
  [tokenA, tokenB] = await Promise.all([login(stack, tenantA.adminEmail, tenantA.adminPassword), login(stack, tenantB.adminEmail, tenantB.adminPassword)]);
});

afterAll(async () => {
  sockets.forEach((s) => s.close());
  await db?.destroy();
  await stack?.stop();
});

async function live(token: string): Promise<LiveRecorder> {
  const s = await connectLive(stack.apiUrl, token);
  sockets.push(s);
  return s;
}

describe('a batch posted over HTTP', () => {
  it('ends as rows in PostgreSQL and as transition + metrics messages on a socket', async () => {
    const socket = await live(tokenA);
    expect(await socket.subscribe({ campaignId: 'c-e2e' })).toEqual({ ok: true, campaignIds: ['c-e2e'] });
    await waitFor(() => socket.snapshots.length === 1, { what: 'snapshot' });
    expect(socket.snapshots[0]).toMatchObject({ campaignId: 'c-e2e', seq: 0, metrics: { funnel: { new: 0 } } });

    const t0 = Date.now() - 60_000;
    const at = (s: number) => new Date(t0 + s * 1000);
    const events = [
      leadCreated('c-e2e', 'L-1', at(0)),
      leadCreated('c-e2e', 'L-2', at(1)),
      leadCreated('c-e2e', 'L-3', at(2)),
      callOutcome('c-e2e', 'L-1', 'INTERESTED', at(10), { qualification: { need: true, budget: true, authority: true } }),
      callOutcome('c-e2e', 'L-2', 'NI', at(11)),
      callOutcome('c-e2e', 'L-3', 'NA', at(12)),
      callOutcome('c-e2e', 'L-3', 'XYZ-unknown', at(13)),
    ];
    const res = await postEvents(stack, tenantA.ingestKey, events);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 7, duplicates: 0 });

    await waitFor(async () => (await count('SELECT count(*) AS n FROM events WHERE tenant_id = $1', [tenantA.tenantId])) === 7, { what: 'events stored' });
    const leads = (await db.query('SELECT id, stage, tenant_id FROM leads WHERE tenant_id = $1 ORDER BY id', [tenantA.tenantId])) as { id: string; stage: string }[];
    expect(leads.map((l) => [l.id, l.stage])).toEqual([['L-1', 'prospect'], ['L-2', 'lost'], ['L-3', 'new']]);
    expect(await count('SELECT count(*) AS n FROM stage_transitions WHERE tenant_id = $1', [tenantA.tenantId])).toBe(5);

    await waitFor(() => socket.transitions.length === 5, { what: '5 transition messages' });
    expect(socket.transitions.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(socket.transitions).toContainEqual(expect.objectContaining({ leadId: 'L-1', from: 'new', to: 'prospect', cause: 'qualification' }));
    expect(socket.transitions).toContainEqual(expect.objectContaining({ leadId: 'L-2', from: 'new', to: 'lost', cause: 'NOT_INTERESTED' }));
    for (const t of socket.transitions) expect(Object.keys(t)).not.toEqual(expect.arrayContaining(['name', 'phone', 'email']));

    await waitFor(() => socket.metrics.some((m) => m.metrics.funnel.new === 3), { what: 'a metrics message with the 3 leads' });
    const last = socket.metrics[socket.metrics.length - 1];
    expect(last.seq).toBeGreaterThan(5);
    expect(last.metrics).toMatchObject({
      stages: { new: 1, prospect: 1, lost: 1 },
      funnel: { new: 3, contacted: 2, prospect: 1, opportunity: 0, customer: 0 },
      rates: { contact: 0.6667, qualification: 0.3333, prospectPerContacted: 0.5, close: 0 },
      unmappedDispositions: 1,
      attemptsPerLead: 1.3333,
    });

    const rest = await getJson(stack, '/api/v1/campaigns/c-e2e/metrics', tokenA);
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ funnel: last.metrics.funnel, stages: last.metrics.stages });
    const lead = await getJson<{ stage: string; transitions: unknown[]; contact: unknown }>(stack, '/api/v1/leads/L-1', tokenA);
    expect(lead.body).toMatchObject({ stage: 'prospect', ownerOperatorId: 'op-1', contact: { name: 'Name of L-1' } });
    expect(lead.body.transitions).toHaveLength(2);
  });

  it('pushes an operator\'s new state with its load', async () => {
    const socket = await live(tokenA);
    await socket.subscribe({ campaignId: 'c-e2e' });
    await waitFor(() => socket.snapshots.length === 1, { what: 'snapshot' });
    const lastSeq = socket.snapshots[0].seq;
    const at = (s: number) => new Date(Date.now() - 30_000 + s * 1000).toISOString();
    const state = (id: string, s: string, t: number) => ({
      eventId: `os-${id}-${t}`, type: 'operator.state', occurredAt: at(t), operatorId: id, state: s, campaignId: 'c-e2e',
      operator: { name: 'Giulia Romano', seniority: 'senior' },
    });
    expect((await postEvents(stack, tenantA.ingestKey, [state('op-live', 'available', 0), state('op-live', 'on_call', 10)])).status).toBe(202);
    await waitFor(() => socket.operators.some((o) => o.operatorId === 'op-live'), { what: 'operator message' });
    const msg = socket.operators.find((o) => o.operatorId === 'op-live')!;
    expect(msg).toMatchObject({ campaignId: 'c-e2e', state: 'on_call', name: 'Giulia Romano', seniority: 'senior' });
    expect(msg.seq).toBeGreaterThan(lastSeq);
    expect(msg.load).toMatchObject({ callsToday: 0, openLeads: {} });
    expect(msg.load!.occupancy).toBeGreaterThan(0);
  });

  it('feeds the console: time series per step and stage aging', async () => {
    const series = await getJson<{ stepMinutes: number; points: { contacts: number; prospects: number; calls: number }[] }>(
      stack,
      '/api/v1/campaigns/c-e2e/timeseries?hours=2&step=5',
      tokenA,
    );
    expect(series.status).toBe(200);
    expect(series.body.stepMinutes).toBe(5);
    expect(series.body.points).toHaveLength(24);
    const sum = (k: 'contacts' | 'prospects' | 'calls') => series.body.points.reduce((n, p) => n + p[k], 0);
    expect([sum('calls'), sum('contacts'), sum('prospects')]).toEqual([4, 2, 1]);
    const aging = await getJson<{ stages: { new: { leads: number; buckets: number[] }; prospect: { leads: number } } }>(
      stack,
      '/api/v1/campaigns/c-e2e/stage-aging',
      tenantA.wallToken,
    );
    expect(aging.body.stages.new.leads).toBe(1);
    // L-3 entered `new` about a minute ago: the first bucket (under 5 min).
    expect(aging.body.stages.new.buckets[0]).toBe(1);
    expect(aging.body.stages.prospect.leads).toBe(1);
    expect((await getJson(stack, '/api/v1/campaigns/c-e2e/timeseries?step=7', tokenA)).status).toBe(400);
    expect((await getJson(stack, '/api/v1/campaigns/c-e2e/timeseries', tokenB)).status).toBe(404);
  });

  it('applies a repeated eventId once', async () => {
    const first = [leadCreated('c-dup', 'D-1'), callOutcome('c-dup', 'D-1', 'SALE')];
    expect((await postEvents(stack, tenantA.ingestKey, first)).status).toBe(202);
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM leads WHERE tenant_id = $1 AND id = 'D-1' AND stage = 'customer'`, [tenantA.tenantId])) === 1, { what: 'D-1 customer' });
    const before = await getJson(stack, '/api/v1/campaigns/c-dup/metrics', tokenA);

    const again = await postEvents(stack, tenantA.ingestKey, [...first, first[1]]);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ accepted: 3, duplicates: 3 });
    // A marker batch posted after the repeat: once it is applied, the repeat was processed too.
    expect((await postEvents(stack, tenantA.ingestKey, [leadCreated('c-dup', 'D-marker')])).status).toBe(202);
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM leads WHERE tenant_id = $1 AND id = 'D-marker'`, [tenantA.tenantId])) === 1, { what: 'marker' });

    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND lead_id = 'D-1'`, [tenantA.tenantId])).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM stage_transitions WHERE tenant_id = $1 AND lead_id = 'D-1'`, [tenantA.tenantId])).toBe(2);
    const after = await getJson<{ funnel: Record<string, number>; attemptsPerLead: number }>(stack, '/api/v1/campaigns/c-dup/metrics', tokenA);
    expect(after.body.funnel).toEqual({ ...(before.body as { funnel: object }).funnel, new: 2 });
    const lead = await getJson<{ attempts: number }>(stack, '/api/v1/leads/D-1', tokenA);
    expect(lead.body.attempts).toBe(1);
  });
});

describe('bad input', () => {
  it('answers 400 naming each bad event by index and path, and leaves no trace', async () => {
    const good = leadCreated('c-bad', 'B-1');
    const res = await postEvents(stack, tenantA.ingestKey, [
      good,
      { ...callOutcome('c-bad', 'B-2', 'SALE'), disposition: 7 },
      { ...callOutcome('c-bad', 'B-3', 'SALE'), occurredAt: '2026-13-01T00:00:00Z', talkSeconds: -3 },
      { ...callOutcome('c-bad', 'B-4', 'SALE'), leadId: '' },
    ]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { index: number; path: string; message: string }[] };
    expect(body.errors.map((e) => `${e.index}:${e.path}`).sort()).toEqual(['1:disposition', '2:occurredAt', '2:talkSeconds', '3:leadId']);
    for (const e of body.errors) expect(e.message).toMatch(/\w/);

    // A later good batch is applied; the bad request's valid event never is.
    expect((await postEvents(stack, tenantA.ingestKey, [leadCreated('c-bad', 'B-after')])).status).toBe(202);
    await waitFor(async () => (await count(`SELECT count(*) AS n FROM leads WHERE tenant_id = $1 AND id = 'B-after'`, [tenantA.tenantId])) === 1, { what: 'B-after' });
    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND event_id = $2`, [tenantA.tenantId, (good as { eventId: string }).eventId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM leads WHERE tenant_id = $1 AND id LIKE 'B-_'`, [tenantA.tenantId])).toBe(0);
  });

  it('answers 413 over 5 MB, 401 without a valid key and 403 for a user token', async () => {
    const big = JSON.stringify({ events: [{ ...leadCreated('c', 'L'), lead: { source: 'other', name: 'x'.repeat(5.5 * 1024 * 1024) } }] });
    const res413 = await fetch(`${stack.apiUrl}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenantA.ingestKey}`, 'content-type': 'application/json' },
      body: big,
    });
    expect(res413.status).toBe(413);
    expect((await postEvents(stack, 'lbk_not-a-key', [leadCreated('c', 'L')])).status).toBe(401);
    expect((await postEvents(stack, tokenA, [leadCreated('c', 'L')])).status).toBe(403);
    expect((await postEvents(stack, tenantA.wallToken, [leadCreated('c', 'L')])).status).toBe(403);
  });
});

describe('tenants', () => {
  it('a tenant-B user sees nothing of tenant A over REST', async () => {
    const campaigns = await getJson<{ campaignId: string }[]>(stack, '/api/v1/campaigns', tokenB);
    expect(campaigns.body).toEqual([]);
    expect((await getJson(stack, '/api/v1/campaigns/c-e2e/metrics', tokenB)).status).toBe(404);
    expect((await getJson(stack, '/api/v1/leads/L-1', tokenB)).status).toBe(404);
    expect((await getJson(stack, '/api/v1/campaigns/c-e2e/leads', tokenB)).status).toBe(404);
    const aList = await getJson<{ campaignId: string }[]>(stack, '/api/v1/campaigns', tokenA);
    expect(aList.body.map((c) => c.campaignId)).toContain('c-e2e');
  });

  it('a tenant-B socket sees nothing of tenant A', async () => {
    const b = await live(tokenB);
    const bWall = await live(tenantB.wallToken);
    expect(await b.subscribe({ campaignId: 'c-e2e' })).toEqual({ ok: true, campaignIds: ['c-e2e'] });
    expect(await bWall.subscribe({ tenant: true })).toEqual({ ok: true, campaignIds: [] });
    await waitFor(() => b.snapshots.length === 1, { what: 'B snapshot' });
    expect(b.snapshots[0]).toMatchObject({ seq: 0, metrics: { funnel: { new: 0 } }, recentTransitions: [], operators: [] });

    const a = await live(tokenA);
    await a.subscribe({ campaignId: 'c-e2e' });
    expect((await postEvents(stack, tenantA.ingestKey, [leadCreated('c-e2e', 'L-secret')])).status).toBe(202);
    await waitFor(() => a.transitions.some((t) => t.leadId === 'L-secret'), { what: 'A sees its transition' });
    await waitFor(() => a.metrics.length > 0, { what: 'A metrics' });
    // The sentinel: a lead of B's own, in B's campaign of the same id. A's pushes above went out before
    // it, on the same path: by the time B's sockets have it, anything of A's would have come first.
    expect((await postEvents(stack, tenantB.ingestKey, [leadCreated('c-e2e', 'L-b-sentinel')])).status).toBe(202);
    await waitFor(() => b.transitions.length > 0 && bWall.transitions.length > 0 && b.metrics.length > 0, { what: 'B sees its own sentinel' });
    expect(b.transitions.map((t) => t.leadId)).toEqual(['L-b-sentinel']);
    expect(bWall.transitions.map((t) => t.leadId)).toEqual(['L-b-sentinel']);
    // B's campaign has one lead; every metrics push B got is of its own campaign
    expect(b.metrics.map((m) => m.metrics.funnel.new)).toEqual(b.metrics.map(() => 1));
  });

  it('refuses a wrong token at the socket handshake', async () => {
    await expect(connectLive(stack.apiUrl, 'not-a-token')).rejects.toThrow('unauthorized');
    await expect(connectLive(stack.apiUrl, 'lbw_unknown')).rejects.toThrow('unauthorized');
    await expect(connectLive(stack.apiUrl, tenantA.ingestKey)).rejects.toThrow('unauthorized');
  });

  it('a wall token reads metrics but never personal data', async () => {
    const lead = await getJson<Record<string, unknown>>(stack, '/api/v1/leads/L-1', tenantA.wallToken);
    expect(lead.status).toBe(200);
    expect(lead.body).not.toHaveProperty('contact');
    expect(JSON.stringify(lead.body)).not.toMatch(/Name of|example\.com|\+39/);
    expect((await getJson(stack, '/api/v1/campaigns/c-e2e/metrics', tenantA.wallToken)).status).toBe(200);
    expect((await getJson(stack, '/api/v1/admin/dead-letters', tenantA.wallToken)).status).toBe(403);
  });
});
