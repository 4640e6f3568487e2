/**
 * Managers move leads (issue 5) against the real services: single and bulk (5,000 leads in one
 * request) moves, every refusal with its status and the leads named and nothing moved, the audit
 * trail, the `reassigned` push to a connected socket, operator load following the new owner,
 * suggestions and PATCH operators.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type {
  AuditEntry,
  OperatorView,
  ReassignedMessage,
  ReassignError,
  ReassignResponse,
  ReassignmentSuggestions,
} from '@leadboard/contracts';
import { DataSource } from 'typeorm';
import { callOutcome, leadCreated } from '../support/events';
import { connectLive, type LiveRecorder } from '../support/live-client';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { ROOT, testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

const run = promisify(execFile);
const C = 'c-sales';
let stack: Stack;
let db: DataSource;
let tenant: TenantCredentials;
let other: TenantCredentials;
let admin: string;
let manager: string;
let managerEmail: string;
let supervisor: string;
let otherAdmin: string;
let socket: LiveRecorder;
const reassigned: ReassignedMessage[] = [];

const uid = () => randomBytes(5).toString('hex');
const ago = (min: number) => new Date(Date.now() - min * 60_000);

function opState(operatorId: string, state: string, seniority: 'junior' | 'senior', name: string, campaignId = C) {
  return { eventId: `os-${uid()}`, type: 'operator.state', occurredAt: ago(120).toISOString(), operatorId, state, campaignId, operator: { name, seniority } };
}

async function cliUser(role: string): Promise<{ email: string; token: string }> {
  const email = `${role}-${uid()}@example.com`;
  const { stdout } = await run(process.execPath, ['dist/apps/api/cli.js', 'user:create', '--tenant', tenant.tenantId, '--email', email, '--role', role, '--json'], {
    cwd: ROOT,
    env: { ...process.env, ...stack.env },
  });
  const user = JSON.parse(stdout) as { email: string; password: string };
  return { email: user.email, token: await login(stack, user.email, user.password) };
}

async function send(method: 'POST' | 'PATCH', path: string, token: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

const reassign = (token: string, body: unknown) => send('POST', '/api/v1/leads/reassign', token, body);

async function ingest(key: string, events: unknown[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    const res = await postEvents(stack, key, events.slice(i, i + 1000));
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  }
}

async function owners(ids: string[], tenantId = tenant.tenantId): Promise<Record<string, string | null>> {
  const rows = (await db.query('SELECT id, owner_operator_id FROM leads WHERE tenant_id = $1 AND id = ANY($2::text[])', [tenantId, ids])) as {
    id: string;
    owner_operator_id: string | null;
  }[];
  return Object.fromEntries(rows.map((r) => [r.id, r.owner_operator_id]));
}

const auditCount = async () => Number(((await db.query('SELECT count(*) AS n FROM audit_log WHERE tenant_id = $1', [tenant.tenantId])) as { n: string }[])[0].n);

async function operatorsOf(token = manager): Promise<Map<string, OperatorView>> {
  const { body } = await getJson<OperatorView[]>(stack, `/api/v1/operators?campaignId=${C}`, token);
  return new Map(body.map((o) => [o.operatorId, o]));
}

beforeAll(async () => {
  stack = await startStack();
  db = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 2 } });
  await db.initialize();
  [tenant, other] = await Promise.all([createTenant(stack, 'Reassign A'), createTenant(stack, 'Reassign B')]);
  admin = await login(stack, tenant.adminEmail, tenant.adminPassword);
  otherAdmin = await login(stack, other.adminEmail, other.adminPassword);
  const m = await cliUser('manager');
  managerEmail = m.email;
  manager = m.token;
  supervisor = (await cliUser('supervisor')).token;

  await ingest(tenant.ingestKey, [
    opState('sr-marco', 'available', 'senior', 'Marco'),
    opState('sr-anna', 'available', 'senior', 'Anna'),
    opState('sr-off', 'offline', 'senior', 'Luca'),
    opState('jr-giulia', 'available', 'junior', 'Giulia'),
    opState('jr-paolo', 'available', 'junior', 'Paolo'),
  ]);
  const events = [];
  for (let i = 1; i <= 6; i++) events.push(callOutcome(C, `P-${i}`, 'QUALIFIED', ago(180), { operatorId: 'jr-giulia' }));
  events.push(callOutcome(C, 'W-1', 'SALE', ago(60), { operatorId: 'sr-anna' }));
  events.push(callOutcome(C, 'X-1', 'NOT_INTERESTED', ago(60), { operatorId: 'jr-giulia' }));
  events.push(callOutcome(C, 'K-1', 'INTERESTED', ago(60), { operatorId: 'jr-giulia' }));
  await ingest(tenant.ingestKey, events);
  await ingest(other.ingestKey, [callOutcome('c-other', 'B-1', 'QUALIFIED', ago(60), { operatorId: 'b-op' }), opState('b-sr', 'available', 'senior', 'Bea', 'c-other')]);
  await waitFor(async () => Object.keys(await owners(['P-1', 'P-2', 'P-3', 'P-4', 'P-5', 'P-6', 'W-1', 'X-1', 'K-1'])).length === 9, { what: 'seed leads' });
  await waitFor(async () => Object.keys(await owners(['B-1'], other.tenantId)).length === 1, { what: 'other tenant lead' });

  socket = await connectLive(stack.apiUrl, admin);
  socket.socket.on('reassigned', (msg: ReassignedMessage) => reassigned.push(msg));
  expect(await socket.subscribe({ campaignId: C })).toMatchObject({ ok: true });
  await waitFor(() => socket.snapshots.length === 1, { what: 'snapshot' });
});

afterAll(async () => {
  socket?.close();
  await db?.destroy();
  await stack?.stop();
});

describe('POST /api/v1/leads/reassign', () => {
  it('moves one prospect to a senior: owner pinned, audited, counted in both loads, pushed to the socket', async () => {
    const before = await operatorsOf();
    const res = await reassign(manager, { leadIds: ['P-1'], toOperatorId: 'sr-marco', reason: 'Marco closes water filters', expectedOwners: { 'P-1': 'jr-giulia' } });
    expect(res).toEqual({ status: 200, body: { moved: 1, alreadyOwned: 0, warnings: [] } });
    expect(await owners(['P-1'])).toEqual({ 'P-1': 'sr-marco' });

    const lead = await getJson<{ ownerOperatorId: string }>(stack, '/api/v1/leads/P-1', manager);
    expect(lead.body.ownerOperatorId).toBe('sr-marco');
    const audit = await getJson<AuditEntry[]>(stack, '/api/v1/audit?leadId=P-1', supervisor);
    expect(audit.status).toBe(200);
    expect(audit.body).toEqual([
      expect.objectContaining({
        action: 'reassigned',
        leadId: 'P-1',
        campaignId: C,
        fromOperatorId: 'jr-giulia',
        toOperatorId: 'sr-marco',
        reason: 'Marco closes water filters',
        actor: expect.objectContaining({ kind: 'user', email: managerEmail }),
      }),
    ]);

    const after = await operatorsOf();
    expect(after.get('sr-marco')!.load!.openLeads.prospect ?? 0).toBe((before.get('sr-marco')!.load!.openLeads.prospect ?? 0) + 1);
    expect(after.get('jr-giulia')!.load!.openLeads.prospect ?? 0).toBe((before.get('jr-giulia')!.load!.openLeads.prospect ?? 0) - 1);

    await waitFor(() => reassigned.some((m) => m.moves.some((x) => x.leadId === 'P-1')), { what: 'reassigned message for P-1' });
    const msg = reassigned.find((m) => m.moves.some((x) => x.leadId === 'P-1'))!;
    expect(msg).toMatchObject({
      campaignId: C,
      action: 'reassigned',
      toOperatorId: 'sr-marco',
      moves: [{ leadId: 'P-1', fromOperatorId: 'jr-giulia' }],
      by: { kind: 'user', email: managerEmail },
    });
    expect(msg.seq).toBeGreaterThan(socket.snapshots[0].seq);
    expect(msg.operators.map((o) => o.operatorId).sort()).toEqual(['jr-giulia', 'sr-marco']);
    expect(msg.operators.find((o) => o.operatorId === 'sr-marco')!.load!.openLeads.prospect).toBe(after.get('sr-marco')!.load!.openLeads.prospect);

    // Pinned: a later contact by the junior no longer takes the lead back.
    await ingest(tenant.ingestKey, [callOutcome(C, 'P-1', 'INTERESTED', ago(1), { operatorId: 'jr-giulia' })]);
    await waitFor(async () => ((await db.query(`SELECT attempts FROM leads WHERE tenant_id = $1 AND id = 'P-1'`, [tenant.tenantId])) as { attempts: number }[])[0].attempts === 2, {
      what: 'second call applied',
    });
    expect(await owners(['P-1'])).toEqual({ 'P-1': 'sr-marco' });
  });

  it('warns, without refusing, when prospects go to a junior', async () => {
    const res = await reassign(admin, { leadIds: ['P-2', 'K-1'], toOperatorId: 'jr-paolo', reason: 'training' });
    expect(res.status).toBe(200);
    const body = res.body as ReassignResponse;
    expect(body.moved).toBe(2);
    expect(body.warnings).toEqual([expect.objectContaining({ code: 'junior_target', leadIds: ['P-2'], params: expect.objectContaining({ to: 'Paolo' }) })]);
    expect(body.warnings[0].message).toMatch(/P-2/);
    expect(await owners(['P-2', 'K-1'])).toEqual({ 'P-2': 'jr-paolo', 'K-1': 'jr-paolo' });
  });

  it('answers 409 listing exactly the leads whose owner changed since the manager looked, and moves nothing', async () => {
    // The manager looked when P-3 and P-4 were Giulia's; then Anna reached P-4 (a contact takes an unpinned lead).
    await ingest(tenant.ingestKey, [callOutcome(C, 'P-4', 'INTERESTED', ago(2), { operatorId: 'sr-anna' })]);
    await waitFor(async () => (await owners(['P-4']))['P-4'] === 'sr-anna', { what: 'P-4 taken by Anna' });
    const audits = await auditCount();
    const seen = reassigned.length;
    const res = await reassign(manager, {
      leadIds: ['P-3', 'P-4', 'P-5'],
      toOperatorId: 'sr-marco',
      reason: 'rebalance',
      expectedOwners: { 'P-3': 'jr-giulia', 'P-4': 'jr-giulia', 'P-5': 'jr-giulia' },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'owner_changed', leadIds: ['P-4'], currentOwners: { 'P-4': 'sr-anna' } });
    expect((res.body as ReassignError).message).toMatch(/P-4 \(now sr-anna\)/);
    expect(await owners(['P-3', 'P-4', 'P-5'])).toEqual({ 'P-3': 'jr-giulia', 'P-4': 'sr-anna', 'P-5': 'jr-giulia' });
    expect(await auditCount()).toBe(audits);
    // The sentinel: a move that is pushed, made after the refusal on the same path. Once its push is
    // here, a push of the refused request would have come before it.
    await ingest(tenant.ingestKey, [leadCreated(C, 'S-409')]);
    await waitFor(async () => 'S-409' in (await owners(['S-409'])), { what: 'sentinel lead stored' });
    expect((await reassign(manager, { leadIds: ['S-409'], toOperatorId: 'jr-paolo', reason: 'sentinel' })).status).toBe(200);
    await waitFor(() => reassigned.length > seen, { what: 'sentinel push' });
    expect(reassigned.slice(seen).flatMap((m) => m.moves.map((x) => x.leadId))).toEqual(['S-409']);
  });

  it('refuses another tenant’s lead as unknown (404), naming it, and moves nothing', async () => {
    const res = await reassign(manager, { leadIds: ['P-3', 'B-1', 'nope'], toOperatorId: 'sr-marco', reason: 'x' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'unknown_leads', leadIds: ['B-1', 'nope'] });
    expect((res.body as ReassignError).message).toMatch(/B-1, nope/);
    expect(await owners(['P-3'])).toEqual({ 'P-3': 'jr-giulia' });
    expect(await owners(['B-1'], other.tenantId)).toEqual({ 'B-1': 'b-op' });
    // And the other tenant cannot move ours, nor give its lead to our operator.
    expect((await reassign(otherAdmin, { leadIds: ['P-3'], toOperatorId: 'b-sr', reason: 'x' })).status).toBe(404);
    expect((await reassign(otherAdmin, { leadIds: ['B-1'], toOperatorId: 'sr-marco', reason: 'x' })).body).toMatchObject({ code: 'unknown_operator' });
  });

  it('refuses closed leads (422) naming them with their stage, and moves nothing', async () => {
    const res = await reassign(manager, { leadIds: ['P-3', 'W-1', 'X-1'], toOperatorId: 'sr-marco', reason: 'x' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'closed_leads', leadIds: ['W-1', 'X-1'], stages: { 'W-1': 'customer', 'X-1': 'lost' } });
    expect((res.body as ReassignError).message).toMatch(/W-1 \(customer\), X-1 \(lost\)/);
    expect(await owners(['P-3'])).toEqual({ 'P-3': 'jr-giulia' });
  });

  it('refuses an unknown or offline operator (422) and never creates one', async () => {
    const unknown = await reassign(manager, { leadIds: ['P-3'], toOperatorId: 'ghost', reason: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'unknown_operator', operatorId: 'ghost' });
    const offline = await reassign(manager, { leadIds: ['P-3'], toOperatorId: 'sr-off', reason: 'x' });
    expect(offline.status).toBe(422);
    expect(offline.body).toMatchObject({ code: 'offline_operator', operatorId: 'sr-off' });
    expect((offline.body as ReassignError).message).toMatch(/Luca is offline/);
    expect((await db.query(`SELECT 1 FROM operators WHERE tenant_id = $1 AND id = 'ghost'`, [tenant.tenantId])).length).toBe(0);
    expect(await owners(['P-3'])).toEqual({ 'P-3': 'jr-giulia' });
  });

  it('is for managers and admins only: 403 for a supervisor, a wall screen and an ingest key; 400 for a bad body', async () => {
    const body = { leadIds: ['P-3'], toOperatorId: 'sr-marco', reason: 'x' };
    expect((await reassign(supervisor, body)).status).toBe(403);
    expect((await reassign(tenant.wallToken, body)).status).toBe(403);
    expect((await reassign(tenant.ingestKey, body)).status).toBe(403);
    expect((await reassign('not-a-token', body)).status).toBe(401);
    const bad = await reassign(manager, { leadIds: [], toOperatorId: 'sr-marco', reason: '' });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['leadIds', 'reason']);
    expect((await reassign(manager, { ...body, leadIds: Array.from({ length: 10_001 }, (_, i) => `L-${i}`) })).status).toBe(400);
    expect(await owners(['P-3'])).toEqual({ 'P-3': 'jr-giulia' });
    expect((await getJson(stack, '/api/v1/audit?leadId=P-1', tenant.wallToken)).status).toBe(403);
  });

  it('moves 5,000 leads in one request, each audited, counted and pushed', async () => {
    const bulk = 'c-bulk';
    const ids = Array.from({ length: 5000 }, (_, i) => `BULK-${String(i).padStart(4, '0')}`);
    await ingest(
      tenant.ingestKey,
      ids.map((id) => callOutcome(bulk, id, 'INTERESTED', ago(30), { operatorId: 'jr-giulia' })),
    );
    await waitFor(async () => Number(((await db.query(`SELECT count(*) AS n FROM leads WHERE tenant_id = $1 AND campaign_id = $2`, [tenant.tenantId, bulk])) as { n: string }[])[0].n) === 5000, {
      timeoutMs: 60_000,
      what: '5,000 leads applied',
    });
    const bulkSocket = await connectLive(stack.apiUrl, manager);
    const messages: ReassignedMessage[] = [];
    bulkSocket.socket.on('reassigned', (m: ReassignedMessage) => messages.push(m));
    try {
      await bulkSocket.subscribe({ campaignId: bulk });
      const audits = await auditCount();
      const started = performance.now();
      const res = await reassign(manager, {
        leadIds: ids,
        toOperatorId: 'sr-anna',
        reason: 'bulk handover',
        expectedOwners: Object.fromEntries(ids.map((id) => [id, 'jr-giulia'])),
      });
      const ms = performance.now() - started;
      console.log(`reassign 5,000 leads in one request: ${Math.round(ms)} ms`);
      expect(res).toEqual({ status: 200, body: { moved: 5000, alreadyOwned: 0, warnings: [] } });
      expect(await auditCount()).toBe(audits + 5000);
      const { body } = await getJson<OperatorView[]>(stack, `/api/v1/operators?campaignId=${bulk}`, manager);
      const anna = body.find((o) => o.operatorId === 'sr-anna')!;
      const giulia = body.find((o) => o.operatorId === 'jr-giulia')!;
      expect(anna.load!.openLeads.contacted).toBe(5000);
      expect(giulia.load!.openLeads.contacted ?? 0).toBe(0);
      await waitFor(() => messages.length === 1, { what: 'one reassigned message for the bulk campaign' });
      expect(messages[0].moves).toHaveLength(5000);
      expect(messages[0].operators.find((o) => o.operatorId === 'sr-anna')!.load!.openLeads.contacted).toBe(5000);
      // Sending it again moves nothing: Anna already owns them.
      expect((await reassign(manager, { leadIds: ids, toOperatorId: 'sr-anna', reason: 'again' })).body).toEqual({ moved: 0, alreadyOwned: 5000, warnings: [] });
    } finally {
      bulkSocket.close();
    }
  });
});

describe('GET /api/v1/campaigns/{id}/reassignment-suggestions', () => {
  it('proposes the juniors’ waiting prospects to the seniors with room, and applying one moves them', async () => {
    const res = await getJson<ReassignmentSuggestions>(stack, `/api/v1/campaigns/${C}/reassignment-suggestions`, manager);
    expect(res.status).toBe(200);
    expect(res.body.policy).toEqual({ prospectSlaSeconds: 7200, seniorCap: 25 });
    const moved = res.body.suggestions.flatMap((s) => s.leadIds).sort();
    // P-3, P-5, P-6 wait with Giulia (3 h); P-2 with Paolo (a junior too). Never to the offline Luca.
    expect(moved).toEqual(['P-2', 'P-3', 'P-5', 'P-6']);
    for (const s of res.body.suggestions) expect(['sr-marco', 'sr-anna']).toContain(s.toOperatorId);
    expect(res.body.suggestions[0].message).toMatch(/^\d+ prospects? owned by juniors for over 2 h → (Marco|Anna) \(senior, \d+ open prospects?\)$/);

    const first = res.body.suggestions[0];
    const applied = await reassign(manager, { leadIds: first.leadIds, toOperatorId: first.toOperatorId, reason: first.message, expectedOwners: first.expectedOwners });
    expect(applied.status).toBe(200);
    const again = await getJson<ReassignmentSuggestions>(stack, `/api/v1/campaigns/${C}/reassignment-suggestions`, manager);
    expect(again.body.suggestions.flatMap((s) => s.leadIds)).not.toEqual(expect.arrayContaining(first.leadIds));

    expect((await getJson(stack, `/api/v1/campaigns/${C}/reassignment-suggestions`, supervisor)).status).toBe(403);
    expect((await getJson(stack, `/api/v1/campaigns/${C}/reassignment-suggestions`, otherAdmin)).status).toBe(404);
  });
});

describe('PATCH /api/v1/operators/{id}', () => {
  it('lets a manager rename an operator and make them senior; refuses others', async () => {
    const res = await send('PATCH', '/api/v1/operators/jr-paolo', manager, { seniority: 'senior', name: 'Paolo R.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ operatorId: 'jr-paolo', name: 'Paolo R.', seniority: 'senior' });
    expect((await operatorsOf()).get('jr-paolo')).toMatchObject({ seniority: 'senior', name: 'Paolo R.' });
    expect((await send('PATCH', '/api/v1/operators/jr-paolo', supervisor, { seniority: 'junior' })).status).toBe(403);
    expect((await send('PATCH', '/api/v1/operators/jr-paolo', otherAdmin, { seniority: 'junior' })).status).toBe(404);
    expect((await send('PATCH', '/api/v1/operators/jr-paolo', manager, { seniority: 'boss' })).status).toBe(400);
    expect((await send('PATCH', '/api/v1/operators/jr-paolo', manager, {})).status).toBe(400);
  });
});
