/**
 * Hot leads end to end: events over HTTP → the worker keeps priority and hotness in the batch's transaction
 * → `GET /campaigns/{id}/queue` (users with contacts, wall screens with initials only) and `queue.csv` →
 * the evaluator raises `hot_lead_waiting` once, through hysteresis, a user acknowledges it, it stays one
 * alert while the lead waits (never flapping), and it resolves once the lead was called.
 */
import type { AlertView, QueueResponse } from '@leadboard/contracts';
import { DataSource } from 'typeorm';
import { callOutcome, leadCreated } from '../support/events';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

let stack: Stack;
let db: DataSource;
let tenant: TenantCredentials;
let admin: string;

const C = 'c-hot';

async function request(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: unknown; text: string; type: string | null }> {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, text, type: res.headers.get('content-type') };
}

async function alertsOf(rule: string): Promise<AlertView[]> {
  const res = await getJson<AlertView[]>(stack, `/api/v1/alerts?campaignId=${C}`, admin);
  return res.body.filter((a) => a.rule === rule);
}

async function hysteresis(): Promise<{ raised: boolean; true_streak: number; false_streak: number; alerts: number } | null> {
  const [row] = (await db.query(
    `SELECT h.raised, h.true_streak, h.false_streak,
            (SELECT count(*)::int FROM alerts a WHERE a.tenant_id = h.tenant_id AND a.campaign_id = h.campaign_id AND a.rule = h.rule) AS alerts
       FROM alert_hysteresis h WHERE h.tenant_id = $1 AND h.campaign_id = $2 AND h.rule = 'hot_lead_waiting'`,
    [tenant.tenantId, C],
  )) as { raised: boolean; true_streak: number; false_streak: number; alerts: number }[];
  return row ?? null;
}

beforeAll(async () => {
  stack = await startStack({ env: { ALERT_EVAL_INTERVAL_MS: '300', METRICS_PUSH_INTERVAL_MS: '150', PRIORITY_RECOMPUTE_INTERVAL_MS: '1000' } });
  db = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 2 } });
  await db.initialize();
  tenant = await createTenant(stack, 'Hot leads');
  admin = await login(stack, tenant.adminEmail, tenant.adminPassword);
}, 240_000);

afterAll(async () => {
  await db?.destroy();
  await stack?.stop();
});

describe('the hot-lead queue', () => {
  it('orders the campaign leads hottest first and keeps personal data from wall screens', async () => {
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const dayAgo = new Date(Date.now() - 30 * 3600_000);
    const hot = leadCreated(C, 'L-hot', tenMinutesAgo);
    (hot as { lead: { name: string; attributes: Record<string, string> } }).lead.name = 'Maria Rossi';
    (hot as { lead: { attributes: Record<string, string> } }).lead.attributes = { urgency: 'subito' };
    expect((await postEvents(stack, tenant.ingestKey, [hot, leadCreated(C, 'L-cold', dayAgo), leadCreated(C, 'L-warm', tenMinutesAgo)])).status).toBe(202);
    // The hot-lead SLA well under the ten minutes L-hot has waited (the default is 5 min).
    await waitFor(async () => (await request('PATCH', `/api/v1/campaigns/${C}`, admin, { alertThresholds: { hotLeadSlaSeconds: 60 } })).status === 200, {
      what: 'the campaign settings',
    });

    let queue: QueueResponse | null = null;
    await waitFor(async () => ((queue = (await getJson<QueueResponse>(stack, `/api/v1/campaigns/${C}/queue`, admin)).body).items?.length ?? 0) === 3, { what: 'three leads in the queue' });
    const q = queue as unknown as QueueResponse;
    expect(q.items.map((i) => [i.leadId, i.priority, i.hot])).toEqual([
      ['L-hot', 80, true],
      ['L-warm', 50, false],
      ['L-cold', 20, false],
    ]);
    expect(q.items[0]).toMatchObject({ initials: 'MR', contact: { name: 'Maria Rossi', phone: '+39 333 000 0000' } });
    expect(q.items[0].reasons.map((r) => r.key)).toEqual(['priority.statedUrgency', 'priority.fresh', 'priority.noTarget']);
    expect(q).toMatchObject({ hotCount: 1, hotLeadSlaSeconds: 60, hotThreshold: 70 });

    const wall = await request('GET', `/api/v1/campaigns/${C}/queue`, tenant.wallToken);
    expect(wall.status).toBe(200);
    expect((wall.body as QueueResponse).items[0]).toEqual(expect.objectContaining({ leadId: 'L-hot', initials: 'MR' }));
    for (const personal of ['Maria', 'Rossi', '+39', 'example.com', 'Name of']) expect(wall.text).not.toContain(personal);
    expect((await request('GET', `/api/v1/campaigns/${C}/queue.csv`, tenant.wallToken)).status).toBe(403);
    expect((await request('GET', `/api/v1/campaigns/${C}/queue?format=csv`, tenant.wallToken)).status).toBe(403);

    const csv = await request('GET', `/api/v1/campaigns/${C}/queue.csv`, admin);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('lead_id,name,phone,email,priority,hot,reasons,waiting_since,stage');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['L-hot', 'L-warm', 'L-cold']);
    expect(lines[1]).toContain('Maria Rossi,+39 333 000 0000,L-hot@example.com,80,yes,statedUrgency+30 fresh+30 noTarget+20,');
    expect((await request('GET', `/api/v1/campaigns/${C}/queue?limit=0`, admin)).status).toBe(400);
  });

  it('refuses a target over 40 points with a clear 400, and reorders the queue at once on a valid one', async () => {
    const tooMuch = await request('PATCH', `/api/v1/campaigns/${C}`, admin, {
      target: [
        { field: 'sector', op: 'eq', value: 'hotels', weight: 30 },
        { field: 'source', op: 'eq', value: 'meta_ads', weight: 20 },
      ],
    });
    expect(tooMuch.status).toBe(400);
    expect(JSON.stringify(tooMuch.body)).toContain("the weights add up to 50, more than 40: lower some rules' weights");
    const res = await request('PATCH', `/api/v1/campaigns/${C}`, admin, { target: [{ field: 'source', op: 'eq', value: 'meta_ads', weight: 40 }] });
    expect(res).toMatchObject({ status: 200, body: { target: [{ field: 'source', op: 'eq', value: 'meta_ads', weight: 40 }], hotThreshold: 70 } });
    const q = (await getJson<QueueResponse>(stack, `/api/v1/campaigns/${C}/queue`, admin)).body;
    expect(q.items.map((i) => [i.leadId, i.priority])).toEqual([
      ['L-hot', 100],
      ['L-warm', 70],
      ['L-cold', 40],
    ]);
    expect(q.hotCount).toBe(2);
  });
});

describe('hot_lead_waiting', () => {
  let raised: AlertView;

  it('is raised on the second firing evaluation, saying what to do', async () => {
    await waitFor(async () => (await alertsOf('hot_lead_waiting')).length > 0, { timeoutMs: 30_000, what: 'the hot_lead_waiting alert' });
    [raised] = await alertsOf('hot_lead_waiting');
    // Both hot leads (L-hot, and L-warm since the target) have waited ten minutes against the 1-minute SLA.
    expect(raised).toMatchObject({ state: 'raised', severity: 'warning', messageKey: 'alerts.hot_lead_waiting.waiting', params: { sla: '1 min', slaSeconds: 60 } });
    expect(raised.message).toMatch(/^hot leads waiting: \d hot leads? (has|have) waited over 1 min for a call \(the oldest 10 min\): call them first, or assign them to a senior from the queue in the Manager view$/);
  });

  it('is acknowledged by a user and stays one open alert while the leads wait, evaluation after evaluation', async () => {
    expect(await request('POST', `/api/v1/alerts/${raised.id}/ack`, admin)).toMatchObject({ status: 200, body: { state: 'acknowledged' } });
    // Six more evaluations with the leads still waiting: no second alert, no resolution.
    const seen: string[] = [];
    await db.query(`UPDATE alert_hysteresis SET true_streak = 0 WHERE tenant_id = $1 AND campaign_id = $2 AND rule = 'hot_lead_waiting'`, [tenant.tenantId, C]);
    for (let i = 0; i < 3; i++) {
      await waitFor(async () => (await hysteresis())?.true_streak === 2, { timeoutMs: 30_000, intervalMs: 20, what: `firing evaluations, round ${i}` });
      const h = await hysteresis();
      seen.push(`${h?.raised}:${h?.alerts}`);
      await db.query(`UPDATE alert_hysteresis SET true_streak = 0 WHERE tenant_id = $1 AND campaign_id = $2 AND rule = 'hot_lead_waiting'`, [tenant.tenantId, C]);
    }
    expect(seen).toEqual(['true:1', 'true:1', 'true:1']);
    expect((await alertsOf('hot_lead_waiting')).map((a) => [a.id, a.state])).toEqual([[raised.id, 'acknowledged']]);
  });

  it('resolves after two quiet evaluations once the hot leads were called', async () => {
    expect((await postEvents(stack, tenant.ingestKey, [callOutcome(C, 'L-hot', 'NO_ANSWER'), callOutcome(C, 'L-warm', 'NO_ANSWER')])).status).toBe(202);
    await waitFor(async () => (await alertsOf('hot_lead_waiting'))[0]?.state === 'resolved', { timeoutMs: 30_000, what: 'the alert resolved' });
    const all = await alertsOf('hot_lead_waiting');
    expect(all).toHaveLength(1);
    // Called just now: they are still hot, but waiting since the call, well within the SLA.
    const q = (await getJson<QueueResponse>(stack, `/api/v1/campaigns/${C}/queue`, admin)).body;
    expect(q.items.find((i) => i.leadId === 'L-hot')).toMatchObject({ hot: true });
    expect(Date.now() - Date.parse(q.items.find((i) => i.leadId === 'L-hot')!.waitingSince!)).toBeLessThan(60_000);
  });
});
