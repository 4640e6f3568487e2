/**
 * The Sources API against the built API and worker: `GET /api/v1/sources` (admins) shows what each
 * source did — events today, the last event, the last errors with their reason — and
 * `POST /api/v1/sources/test-event` sends one event through the source's own path into the campaign
 * `leadboard-test`, where the worker applies it, leaving the real campaigns' figures as they were.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CampaignMetrics, LeadDetail, SourceHealthView, SourceTestEventResult, SourcesView } from '@leadboard/contracts';
import { callOutcome, leadCreated } from '../support/events';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';

const run = promisify(execFile);
let stack: Stack;
let tenant: TenantCredentials;
let admin: string;

async function sources(token = admin): Promise<SourcesView> {
  const res = await getJson<SourcesView>(stack, '/api/v1/sources', token);
  if (res.status !== 200) throw new Error(`GET /api/v1/sources: expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const source = (view: SourcesView, kind: SourceHealthView['kind']) => view.sources.find((s) => s.kind === kind)!;

function testEvent(kind: string, token = admin): Promise<Response> {
  return fetch(`${stack.apiUrl}/api/v1/sources/test-event`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind }),
  });
}

async function leadOf(leadId: string): Promise<LeadDetail> {
  let last: unknown;
  await waitFor(
    async () => {
      const res = await getJson<LeadDetail>(stack, `/api/v1/leads/${encodeURIComponent(leadId)}`, admin);
      last = res.body;
      return res.status === 200;
    },
    { what: `lead ${leadId} applied by the worker`, timeoutMs: 20_000 },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; last seen ${JSON.stringify(last)}`);
  });
  return last as LeadDetail;
}

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTenant(stack);
  admin = await login(stack, tenant.adminEmail, tenant.adminPassword);
});

afterAll(async () => {
  await stack?.stop();
});

it('lists the HTTP API, VICIdial and CSV sources of a new tenant with nothing received yet', async () => {
  const view = await sources();
  expect(view.sources.map((s) => [s.kind, s.lastEventAt, s.eventsToday, s.errors])).toEqual([
    ['api', null, 0, []],
    ['vicidial', null, 0, []],
    ['csv', null, 0, []],
  ]);
  expect(view.today).toBe(new Date(view.asOf).toISOString().slice(0, 10));
  expect(view.ingestUrl).toBe(`${stack.apiUrl}/api/v1/events`);
});

it('is for admins: a manager and an ingest key are refused, no token is a 401', async () => {
  const { stdout } = await run(process.execPath, ['dist/apps/api/cli.js', 'user:create', '--tenant', tenant.tenantId, '--email', `mgr-${Date.now()}@example.com`, '--role', 'manager', '--json'], {
    cwd: ROOT,
    env: { ...process.env, ...stack.env },
  });
  const manager = JSON.parse(stdout) as { email: string; password: string };
  const managerToken = await login(stack, manager.email, manager.password);
  expect((await getJson(stack, '/api/v1/sources', managerToken)).status).toBe(403);
  expect((await testEvent('api', managerToken)).status).toBe(403);
  expect((await getJson(stack, '/api/v1/sources', tenant.ingestKey)).status).toBe(403);
  expect((await fetch(`${stack.apiUrl}/api/v1/sources`)).status).toBe(401);
});

it('counts the events an ingest key posts, and shows a refused request with its reason and time', async () => {
  const before = Date.now();
  expect((await postEvents(stack, tenant.ingestKey, [leadCreated('c-real', 'R-1'), callOutcome('c-real', 'R-1', 'INTERESTED')])).status).toBe(202);
  const bad = await postEvents(stack, tenant.ingestKey, [{ ...callOutcome('c-real', 'R-1', 'SALE'), disposition: 42 }]);
  expect(bad.status).toBe(400);

  const api = source(await sources(), 'api');
  expect(api.eventsToday).toBe(2);
  expect(Date.parse(api.lastEventAt!)).toBeGreaterThanOrEqual(before - 1000);
  expect(api.errors).toHaveLength(1);
  expect(api.errors[0].message).toContain('400 1 invalid event(s)');
  expect(api.errors[0].message).toContain('event 0 disposition');
  expect(Date.parse(api.errors[0].at)).toBeGreaterThanOrEqual(before - 1000);
});

it('sends an HTTP API test event into leadboard-test: counted at once, applied by the worker, real campaigns untouched', async () => {
  await waitFor(async () => (await getJson<CampaignMetrics>(stack, '/api/v1/campaigns/c-real/metrics', admin)).body.funnel.contacted === 1, { what: 'c-real applied' });
  const real = await getJson<CampaignMetrics>(stack, '/api/v1/campaigns/c-real/metrics', admin);

  const res = await testEvent('api');
  expect(res.status).toBe(202);
  const result = (await res.json()) as SourceTestEventResult;
  expect(result).toMatchObject({ kind: 'api', campaignId: 'leadboard-test', disposition: 'NO_ANSWER' });
  expect(result.eventId).toMatch(/^leadboard-test:api:/);
  expect(source(await sources(), 'api').eventsToday).toBe(3);

  const lead = await leadOf(result.leadId);
  expect(lead).toMatchObject({ campaignId: 'leadboard-test', stage: 'new', lastDisposition: 'NO_ANSWER', attempts: 1 });
  const after = await getJson<CampaignMetrics>(stack, '/api/v1/campaigns/c-real/metrics', admin);
  expect(after.body.funnel).toEqual(real.body.funnel);
  expect(after.body.stages).toEqual(real.body.stages);
});

it('sends a VICIdial test event through the Dispo Call translation: counted under VICIdial, its code mapped by the table', async () => {
  const before = Date.now();
  const res = await testEvent('vicidial');
  expect(res.status).toBe(202);
  const result = (await res.json()) as SourceTestEventResult;
  expect(result).toMatchObject({ kind: 'vicidial', campaignId: 'leadboard-test', disposition: 'NA' });
  expect(result.eventId).toMatch(new RegExp(`^vicidial:dispo:\\d+\\.\\d+:${result.leadId}:\\d+$`));

  const view = await sources();
  expect(source(view, 'vicidial')).toMatchObject({ eventsToday: 1, errors: [] });
  expect(Date.parse(source(view, 'vicidial').lastEventAt!)).toBeGreaterThanOrEqual(before - 1000);
  expect(source(view, 'api').eventsToday).toBe(3);

  const lead = await leadOf(result.leadId);
  expect(lead).toMatchObject({ campaignId: 'leadboard-test', stage: 'new', lastDisposition: 'NO_ANSWER' });
});

it('refuses a test event for a source that has none', async () => {
  const res = await testEvent('meta');
  expect(res.status).toBe(400);
  expect(((await res.json()) as { errors: { path: string }[] }).errors[0].path).toBe('kind');
});

it('lists each Meta source of the tenant by name, between VICIdial and CSV, from its creation on', async () => {
  const create = (name: string) =>
    fetch(`${stack.apiUrl}/api/v1/integrations/meta/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, appSecret: 'app-secret', pageAccessToken: 'EAAB-page-token', defaultCampaignId: 'c-meta' }),
    });
  const solare = (await (await create('Pagina Solare')).json()) as { id: string };
  const acqua = (await (await create('Pagina Acqua')).json()) as { id: string };
  const view = await sources();
  expect(view.sources.map((s) => [s.kind, s.id, s.name, s.eventsToday])).toEqual([
    ['api', null, null, 3],
    ['vicidial', null, null, 1],
    ['meta', acqua.id, 'Pagina Acqua', 0],
    ['meta', solare.id, 'Pagina Solare', 0],
    ['csv', null, null, 0],
  ]);
  expect(JSON.stringify(view)).not.toContain('EAAB-page-token');
});
