/**
 * A tenant's disposition table against the real stack: its own code is `OTHER` and listed unmapped
 * until a manager maps it, the table applies from then on, `reapply` corrects a campaign's past,
 * and VICIdial's status export becomes proposals stored only on request.
 */
import type { CampaignMetrics, DispositionTableResponse, ImportVicidialResponse, LeadDetail, ReapplyDispositionsAccepted } from '@leadboard/contracts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { callOutcome, leadCreated } from '../support/events';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';

let stack: Stack;
let tenant: TenantCredentials;
let admin: string;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTenant(stack);
  admin = await login(stack, tenant.adminEmail, tenant.adminPassword);
});

afterAll(async () => {
  await stack?.stop();
});

function send(method: string, path: string, token: string, body?: unknown, contentType = 'application/json') {
  return fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const table = async () => (await getJson<DispositionTableResponse>(stack, '/api/v1/dispositions', admin)).body;
const leadOf = async (id: string) => (await getJson<LeadDetail>(stack, `/api/v1/leads/${id}`, admin)).body;
const metrics = async (c: string) => (await getJson<CampaignMetrics>(stack, `/api/v1/campaigns/${c}/metrics`, admin)).body;

it("lists VICIdial's standard statuses as built-in rows", async () => {
  const { mappings, unmapped } = await table();
  expect(mappings).toContainEqual({ code: 'CALLBK', disposition: 'CALLBACK', campaignId: null, builtIn: true });
  expect(mappings).toContainEqual({ code: 'DNCL', disposition: 'DO_NOT_CALL', campaignId: null, builtIn: true });
  expect(mappings.every((m) => m.builtIn)).toBe(true);
  expect(unmapped).toEqual([]);
});

it("a tenant's own code is OTHER and listed unmapped before, maps after PUT /dispositions/{code}; reapply corrects the past", async () => {
  const t0 = new Date(Date.now() - 20 * 60_000);
  const at = (min: number) => new Date(t0.getTime() + min * 60_000);
  expect((await postEvents(stack, tenant.ingestKey, [leadCreated('c-own', 'A1', at(0)), callOutcome('c-own', 'A1', 'APPTX', at(1))])).status).toBe(202);
  await waitFor(async () => (await table()).unmapped.length === 1, { what: 'APPTX listed unmapped' });
  expect((await table()).unmapped).toEqual([{ code: 'APPTX', count: 1, lastSeenAt: at(1).toISOString(), campaignId: 'c-own' }]);
  expect(await leadOf('A1')).toMatchObject({ stage: 'new', lastDisposition: 'OTHER' });
  expect((await metrics('c-own')).unmappedDispositions).toBe(1);

  const put = await send('PUT', '/api/v1/dispositions/apptx', admin, { disposition: 'appointment_set' });
  expect(put.status).toBe(200);
  expect(await put.json()).toEqual({ code: 'APPTX', disposition: 'APPOINTMENT_SET', campaignId: null, builtIn: false });
  const after = await table();
  expect(after.unmapped).toEqual([]);
  expect(after.mappings[0]).toEqual({ code: 'APPTX', disposition: 'APPOINTMENT_SET', campaignId: null, builtIn: false });

  // From now on the code maps; the call already stored keeps the mapping it was applied with.
  expect((await postEvents(stack, tenant.ingestKey, [leadCreated('c-own', 'A2', at(2)), callOutcome('c-own', 'A2', 'APPTX', at(3))])).status).toBe(202);
  await waitFor(async () => (await leadOf('A2'))?.stage === 'opportunity', { what: 'A2 opportunity' });
  expect((await leadOf('A1')).stage).toBe('new');

  const reapply = await send('POST', '/api/v1/dispositions/reapply', admin, { campaignId: 'c-own' });
  expect(reapply.status).toBe(202);
  expect(await reapply.json()).toEqual({ campaignId: 'c-own', callEvents: 2, leads: 2, jobId: expect.any(String) } satisfies ReapplyDispositionsAccepted);
  await waitFor(async () => (await leadOf('A1')).stage === 'opportunity', { what: 'A1 re-mapped to opportunity' });
  const m = await metrics('c-own');
  expect({ opportunity: m.stages.opportunity, reached: m.funnel.opportunity, unmapped: m.unmappedDispositions }).toEqual({ opportunity: 2, reached: 2, unmapped: 0 });
  expect((await leadOf('A1')).transitions.map((t) => [t.from, t.to, t.cause])).toEqual([
    [null, 'new', 'lead.created'],
    ['new', 'opportunity', 'APPOINTMENT_SET'],
  ]);
});

it('a campaign row wins over the tenant row; DELETE removes a row and answers 404 when there is none', async () => {
  expect((await send('PUT', '/api/v1/dispositions/HOT', admin, { disposition: 'QUALIFIED' })).status).toBe(200);
  expect((await send('PUT', '/api/v1/dispositions/HOT', admin, { disposition: 'SALE', campaignId: 'c-closing' })).status).toBe(200);
  const t = new Date(Date.now() - 60_000);
  expect((await postEvents(stack, tenant.ingestKey, [callOutcome('c-closing', 'H1', 'HOT', t), callOutcome('c-warm', 'H2', 'HOT', t)])).status).toBe(202);
  await waitFor(async () => (await leadOf('H1'))?.stage === 'customer' && (await leadOf('H2'))?.stage === 'prospect', { what: 'H1 customer, H2 prospect' });

  expect((await send('DELETE', '/api/v1/dispositions/HOT?campaignId=c-closing', admin)).status).toBe(204);
  expect((await send('DELETE', '/api/v1/dispositions/HOT?campaignId=c-closing', admin)).status).toBe(404);
  const builtIn = await send('DELETE', '/api/v1/dispositions/SALE', admin);
  expect(builtIn.status).toBe(404);
  expect(((await builtIn.json()) as { message: string }).message).toMatch(/built-in rows cannot be removed/);
  expect((await table()).mappings.filter((r) => r.code === 'HOT')).toEqual([{ code: 'HOT', disposition: 'QUALIFIED', campaignId: null, builtIn: false }]);
});

it('validates: a canonical target only (never OTHER), managers and admins only, a known campaign to reapply', async () => {
  for (const disposition of ['OTHER', 'MAYBE', 42]) {
    const res = await send('PUT', '/api/v1/dispositions/XYZ', admin, { disposition });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('must be one of NO_ANSWER');
  }
  expect((await send('PUT', `/api/v1/dispositions/${'X'.repeat(65)}`, admin, { disposition: 'SALE' })).status).toBe(400);
  const { stdout } = await promisify(execFile)(process.execPath, ['dist/apps/api/cli.js', 'user:create', '--tenant', tenant.tenantId, '--email', `sup-${Date.now()}@example.com`, '--role', 'supervisor', '--json'], {
    cwd: ROOT,
    env: { ...process.env, ...stack.env },
  });
  const sup = JSON.parse(stdout) as { email: string; password: string };
  const supToken = await login(stack, sup.email, sup.password);
  expect((await getJson(stack, '/api/v1/dispositions', supToken)).status).toBe(200);
  expect((await send('PUT', '/api/v1/dispositions/XYZ', supToken, { disposition: 'SALE' })).status).toBe(403);
  expect((await getJson(stack, '/api/v1/integrations/vicidial', supToken)).status).toBe(403);
  expect((await send('POST', '/api/v1/dispositions/reapply', admin, { campaignId: 'c-nowhere' })).status).toBe(404);
  expect((await send('POST', '/api/v1/dispositions/reapply', admin, {})).status).toBe(400);
  expect((await getJson(stack, '/api/v1/dispositions', tenant.ingestKey)).status).toBe(403);
});

it("turns VICIdial's status export (JSON or CSV) into proposals, stored only with ?apply=true", async () => {
  const rows = [
    { status: 'SALE', status_name: 'Sale Made', campaign_id: 'SOLAR', sale: 'Y', customer_contact: 'N', human_answered: 'Y' },
    { status: 'AA', status_name: 'Answering Machine Auto', campaign_id: 'SOLAR', answering_machine: 'N' },
    { status: 'PREV', status_name: 'Preventivo inviato', campaign_id: 'SOLAR', customer_contact: 'Y', human_answered: 'Y' },
  ];
  const dry = await send('POST', '/api/v1/dispositions/import-vicidial', admin, rows);
  expect(dry.status).toBe(200);
  const proposal = (await dry.json()) as ImportVicidialResponse;
  expect(proposal.proposals.map((p) => [p.code, p.disposition, p.reason, p.storable])).toEqual([
    ['SALE', 'SALE', 'built_in', false],
    ['AA', 'VOICEMAIL', 'built_in', false],
    ['PREV', 'INTERESTED', 'flag_customer_contact', true],
  ]);
  expect({ applied: proposal.applied, stored: proposal.stored }).toEqual({ applied: false, stored: 0 });
  expect((await table()).mappings.some((r) => r.code === 'PREV')).toBe(false);

  const csv = 'status;status_name;campaign_id;sale;dnc;customer_contact;not_interested;unworkable;scheduled_callback;human_answered;answering_machine\n' +
    'PREV;Preventivo inviato;SOLAR;N;N;Y;N;N;N;Y;N\nNOINT;Non interessato;SOLAR;N;N;Y;Y;N;N;Y;N\n';
  const applied = await send('POST', '/api/v1/dispositions/import-vicidial?apply=true', admin, csv, 'text/csv');
  expect(applied.status).toBe(200);
  expect(((await applied.json()) as ImportVicidialResponse).stored).toBe(2);
  expect((await table()).mappings.filter((r) => r.campaignId === 'SOLAR')).toEqual([
    { code: 'NOINT', disposition: 'NOT_INTERESTED', campaignId: 'SOLAR', builtIn: false },
    { code: 'PREV', disposition: 'INTERESTED', campaignId: 'SOLAR', builtIn: false },
  ]);

  const bad = await send('POST', '/api/v1/dispositions/import-vicidial', admin, [{ status: 'X', sale: 'maybe' }]);
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ errors: [{ row: 0, path: 'sale', message: 'must be Y or N' }] });
});
