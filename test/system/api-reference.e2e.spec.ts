/**
 * The API reference and the dashboard, as the built API serves them: Swagger UI from the package
 * (nothing from a CDN), the OpenAPI document, real answers of every documented read, write and
 * refusal checked against the zod schemas the document is generated from, and the built dashboard
 * with its client-side routes (server paths stay the server's).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  accessKeyViewSchema,
  alertViewSchema,
  apiErrorSchema,
  auditEntrySchema,
  callbackSummarySchema,
  campaignMetricsSchema,
  campaignSettingsSchema,
  campaignSummarySchema,
  deadLetterSummarySchema,
  dispositionMappingRowSchema,
  dispositionTableResponseSchema,
  healthLiveSchema,
  healthReadySchema,
  ingestAcceptedSchema,
  ingestRejectedSchema,
  keyCreatedSchema,
  leadErasureSchema,
  importAcceptedSchema,
  importListSchema,
  importPreviewSchema,
  importViewSchema,
  leadDetailSchema,
  leadPageSchema,
  loginResponseSchema,
  metaSourceCreatedSchema,
  metaSourceListSchema,
  operatorViewSchema,
  privacySettingsSchema,
  reassignErrorSchema,
  reassignResponseSchema,
  reassignmentSuggestionsSchema,
  securityAuditEntrySchema,
  sourceTestEventResultSchema,
  sourcesViewSchema,
  stageAgingSchema,
  timeSeriesSchema,
  userAccountSchema,
  validationErrorSchema,
  vicidialSettingsViewSchema,
  whoAmISchema,
  accountPageSchema,
  whatIfResultSchema,
} from '@leadboard/contracts';
import { z, type ZodType } from 'zod';
import { callOutcome, leadCreated } from '../support/events';
import { createTenant, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { ROOT } from '../support/test-env';
import { waitFor } from '../support/wait';

const C = 'c-reference';
let stack: Stack;
let tenant: TenantCredentials;
let admin: string;

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

async function answerOf(res: Response): Promise<Answer> {
  return { status: res.status, headers: res.headers, body: await res.json().catch(() => null) };
}

async function call(method: string, path: string, token: string | null, body?: unknown): Promise<Answer> {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answerOf(res);
}

/** A documented non-JSON answer: its status, content type and text. */
async function textAnswer(res: Response): Promise<{ status: number; type: string; text: string }> {
  return { status: res.status, type: (res.headers.get('content-type') ?? '').split(';')[0], text: await res.text() };
}

/** The answer has the status and the shape the OpenAPI document gives it; a mismatch names the paths. */
function expectAnswer(answer: Answer, status: number, schema: ZodType, what: string): void {
  expect({ what, status: answer.status }).toEqual({ what, status });
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) throw new Error(`${what}: the answer does not match its schema\n${z.prettifyError(parsed.error)}\n${JSON.stringify(answer.body).slice(0, 2000)}`);
}

const uid = () => randomBytes(4).toString('hex');
const ago = (min: number) => new Date(Date.now() - min * 60_000);

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTenant(stack);
  const login = await call('POST', '/api/v1/auth/login', null, { email: tenant.adminEmail, password: tenant.adminPassword });
  expectAnswer(login, 200, loginResponseSchema, 'POST /api/v1/auth/login');
  admin = (login.body as { accessToken: string }).accessToken;

  const operator = (id: string, seniority: string) => ({
    eventId: `os-${uid()}`,
    type: 'operator.state',
    occurredAt: ago(60).toISOString(),
    operatorId: id,
    state: 'available',
    campaignId: C,
    operator: { name: `Operator ${id}`, seniority },
  });
  const events = [
    operator('op-junior', 'junior'),
    operator('op-senior', 'senior'),
    leadCreated(C, 'R-1', ago(50)),
    leadCreated(C, 'R-2', ago(50)),
    leadCreated(C, 'R-3', ago(50)),
    callOutcome(C, 'R-1', 'QUALIFIED', ago(40), { operatorId: 'op-junior', qualification: { need: true, budget: true, authority: true, timeline: false } }),
    callOutcome(C, 'R-2', 'CALLBACK', ago(40), { operatorId: 'op-junior', callbackAt: ago(-60).toISOString() }),
    callOutcome(C, 'R-3', 'DNC', ago(30), { operatorId: 'op-junior' }),
    callOutcome(C, 'R-3', 'NA', ago(20), { operatorId: 'op-junior' }),
  ];
  expectAnswer(await answerOf(await postEvents(stack, tenant.ingestKey, events)), 202, ingestAcceptedSchema, 'POST /api/v1/events');
  await waitFor(async () => ((await call('GET', `/api/v1/alerts?campaignId=${C}`, admin)).body as unknown[]).length === 1, { what: 'the events applied (a dnc violation raised)' });
});

afterAll(async () => {
  await stack?.stop();
});

describe('/api/docs', () => {
  it('serves Swagger UI from the package, with nothing fetched from elsewhere', async () => {
    const res = await fetch(`${stack.apiUrl}/api/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const links = [...html.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(2);
    expect(links.filter((l) => !l.startsWith('/api/docs/'))).toEqual([]);
    for (const link of links) expect({ link, status: (await fetch(`${stack.apiUrl}${link}`)).status }).toEqual({ link, status: 200 });
    const init = await (await fetch(`${stack.apiUrl}/api/docs/swagger-ui-init.js`)).text();
    expect(init).toContain('"swaggerUrl": "/api/docs/openapi.json"');
  });

  it('serves the OpenAPI document', async () => {
    const doc = (await (await fetch(`${stack.apiUrl}/api/docs/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/events', '/api/v1/campaigns/{id}/metrics', '/metrics', '/health/ready']));
  });
});

describe('answers match the documented schemas', () => {
  it('reads', async () => {
    const reads: [string, ZodType][] = [
      ['/api/v1/me', whoAmISchema],
      ['/api/v1/campaigns', z.array(campaignSummarySchema).min(1)],
      [`/api/v1/campaigns/${C}/metrics`, campaignMetricsSchema],
      [`/api/v1/campaigns/${C}/leads?limit=2`, leadPageSchema],
      ['/api/v1/leads/R-1', leadDetailSchema.required({ contact: true })],
      [`/api/v1/operators?campaignId=${C}`, z.array(operatorViewSchema).min(2)],
      [`/api/v1/campaigns/${C}/timeseries?hours=2&step=15`, timeSeriesSchema],
      [`/api/v1/campaigns/${C}/stage-aging`, stageAgingSchema],
      [`/api/v1/campaigns/${C}/callbacks`, callbackSummarySchema],
      [`/api/v1/campaigns/${C}/reassignment-suggestions`, reassignmentSuggestionsSchema],
      [`/api/v1/accounts?campaignId=${C}`, accountPageSchema],
      [`/api/v1/campaigns/${C}/what-if?qualificationThreshold=2`, whatIfResultSchema],
      [`/api/v1/alerts?state=open&campaignId=${C}`, z.array(alertViewSchema).length(1)],
      ['/api/v1/admin/dead-letters', deadLetterSummarySchema],
      ['/health/live', healthLiveSchema],
      ['/health/ready', healthReadySchema],
    ];
    for (const [path, schema] of reads) expectAnswer(await call('GET', path, admin), 200, schema, `GET ${path}`);

    const wall = await call('GET', '/api/v1/leads/R-1', tenant.wallToken);
    expectAnswer(wall, 200, leadDetailSchema, 'GET /api/v1/leads/{id} (wall token)');
    expect(wall.body).not.toHaveProperty('contact');
    expectAnswer(await call('GET', '/api/v1/me', tenant.wallToken), 200, whoAmISchema, 'GET /api/v1/me (wall token)');
  });

  it('writes', async () => {
    const [alert] = (await call('GET', `/api/v1/alerts?campaignId=${C}`, admin)).body as { id: string }[];
    expectAnswer(await call('POST', `/api/v1/alerts/${alert.id}/ack`, admin), 200, alertViewSchema, 'POST /api/v1/alerts/{id}/ack');
    expectAnswer(await call('PATCH', `/api/v1/campaigns/${C}`, admin, { maxAttempts: 5, alertThresholds: { dropRateMax: 0.05 } }), 200, campaignSettingsSchema, 'PATCH /api/v1/campaigns/{id}');
    expectAnswer(await call('PATCH', '/api/v1/operators/op-senior', admin, { name: 'Marco' }), 200, operatorViewSchema, 'PATCH /api/v1/operators/{id}');
    expectAnswer(
      await call('POST', '/api/v1/leads/reassign', admin, { leadIds: ['R-1'], toOperatorId: 'op-senior', reason: 'closer', expectedOwners: { 'R-1': 'op-junior' } }),
      200,
      reassignResponseSchema,
      'POST /api/v1/leads/reassign',
    );
    expectAnswer(await call('GET', '/api/v1/audit?leadId=R-1', admin), 200, z.array(auditEntrySchema).length(1), 'GET /api/v1/audit');
  });

  it('refusals', async () => {
    expectAnswer(
      await call('POST', '/api/v1/leads/reassign', admin, { leadIds: ['R-1'], toOperatorId: 'op-junior', reason: 'back', expectedOwners: { 'R-1': 'op-junior' } }),
      409,
      reassignErrorSchema,
      'POST /api/v1/leads/reassign (owner changed)',
    );
    expectAnswer(await call('POST', '/api/v1/leads/reassign', admin, { leadIds: [] }), 400, validationErrorSchema, 'POST /api/v1/leads/reassign (invalid)');
    expectAnswer(await answerOf(await postEvents(stack, tenant.ingestKey, [{ type: 'call.outcome' }])), 400, ingestRejectedSchema, 'POST /api/v1/events (invalid)');
    expectAnswer(await call('GET', '/api/v1/campaigns', null), 401, apiErrorSchema, 'GET /api/v1/campaigns (no token)');
    expectAnswer(await call('GET', '/api/v1/campaigns/nope/metrics', admin), 404, apiErrorSchema, 'GET /api/v1/campaigns/{id}/metrics (unknown)');
  });

  it('integrations, imports and sources (text and CSV answers by their content type)', async () => {
    // VICIdial: the settings, one Dispo Call URL and one refusal, both in text
    expectAnswer(await call('PUT', '/api/v1/integrations/vicidial', admin, { timeZone: 'Europe/Rome', defaultCampaignId: null }), 200, vicidialSettingsViewSchema, 'PUT /api/v1/integrations/vicidial');
    expectAnswer(await call('GET', '/api/v1/integrations/vicidial', admin), 200, vicidialSettingsViewSchema, 'GET /api/v1/integrations/vicidial');
    const dispo = `${stack.apiUrl}/api/v1/integrations/vicidial/dispo?key=${tenant.ingestKey}&campaign=${C}`;
    expect(await textAnswer(await fetch(`${dispo}&lead_id=V-1&dispo=NA&uniqueid=1796032502.1&agent_log_id=7`))).toEqual({ status: 200, type: 'text/plain', text: 'OK vicidial:dispo:1796032502.1:V-1:7' });
    expect(await textAnswer(await fetch(dispo))).toEqual({ status: 400, type: 'text/plain', text: 'missing lead_id, dispo' });
    expect(await textAnswer(await fetch(`${stack.apiUrl}/api/v1/integrations/vicidial/dispo?key=nope&lead_id=V-1&dispo=NA`))).toEqual({ status: 401, type: 'text/plain', text: 'invalid or missing key' });

    // disposition mappings
    expectAnswer(await call('PUT', '/api/v1/dispositions/zz-won', admin, { disposition: 'sale' }), 200, dispositionMappingRowSchema, 'PUT /api/v1/dispositions/{code}');
    expectAnswer(await call('GET', '/api/v1/dispositions', admin), 200, dispositionTableResponseSchema, 'GET /api/v1/dispositions');

    // Meta Lead Ads: a source, the list, the handshake in text, an unsigned notification
    const created = await call('POST', '/api/v1/integrations/meta/sources', admin, { name: 'Page', appSecret: 'app-secret', pageAccessToken: 'page-token', defaultCampaignId: C });
    expectAnswer(created, 201, metaSourceCreatedSchema, 'POST /api/v1/integrations/meta/sources');
    const source = created.body as { id: string; verifyToken: string };
    expectAnswer(await call('GET', '/api/v1/integrations/meta/sources', admin), 200, metaSourceListSchema, 'GET /api/v1/integrations/meta/sources');
    const webhook = `${stack.apiUrl}/api/v1/integrations/meta/${source.id}/webhook`;
    expect(await textAnswer(await fetch(`${webhook}?hub.mode=subscribe&hub.verify_token=${source.verifyToken}&hub.challenge=1158201444`))).toEqual({ status: 200, type: 'text/plain', text: '1158201444' });
    expectAnswer(await answerOf(await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"entry":[]}' })), 401, apiErrorSchema, 'POST /api/v1/integrations/meta/{sourceId}/webhook (unsigned)');

    // CSV imports: preview, upload, the import, the list, rejected.csv
    const file = 'Nome;Telefono\nAnna;+39 333 123 4567\nBruno;\n';
    const csv = (path: string) => fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: file });
    expectAnswer(await answerOf(await csv('/api/v1/imports/preview')), 200, importPreviewSchema, 'POST /api/v1/imports/preview');
    const upload = await answerOf(await csv(`/api/v1/imports?campaignId=${C}&fileName=reference.csv`));
    expectAnswer(upload, 202, importAcceptedSchema, 'POST /api/v1/imports');
    const { importId } = upload.body as { importId: string };
    await waitFor(async () => ((await call('GET', `/api/v1/imports/${importId}`, admin)).body as { state: string }).state === 'done', { what: 'the import done' });
    expectAnswer(await call('GET', `/api/v1/imports/${importId}`, admin), 200, importViewSchema, 'GET /api/v1/imports/{id}');
    expectAnswer(await call('GET', '/api/v1/imports', admin), 200, importListSchema, 'GET /api/v1/imports');
    const rejected = await textAnswer(await fetch(`${stack.apiUrl}/api/v1/imports/${importId}/rejected.csv`, { headers: { authorization: `Bearer ${admin}` } }));
    expect({ status: rejected.status, type: rejected.type, lines: rejected.text.trim().split(/\r?\n/).length }).toEqual({ status: 200, type: 'text/csv', lines: 2 });

    // Sources: a test event, then the page's summary (with VICIdial's refusal above among its errors)
    expectAnswer(await call('POST', '/api/v1/sources/test-event', admin, { kind: 'api' }), 202, sourceTestEventResultSchema, 'POST /api/v1/sources/test-event');
    const sources = await call('GET', '/api/v1/sources', admin);
    expectAnswer(sources, 200, sourcesViewSchema, 'GET /api/v1/sources');
    expect((sources.body as { sources: { kind: string }[] }).sources.map((s) => s.kind)).toEqual(['api', 'vicidial', 'meta', 'csv']);
  });

  it('administration: users, keys, the security audit, retention, erasure', async () => {
    expectAnswer(await call('GET', '/api/v1/admin/users', admin), 200, z.array(userAccountSchema).min(1), 'GET /api/v1/admin/users');
    expectAnswer(await call('POST', '/api/v1/admin/keys', admin, { kind: 'wall', label: 'reference', campaignIds: [C] }), 201, keyCreatedSchema, 'POST /api/v1/admin/keys');
    expectAnswer(await call('GET', '/api/v1/admin/keys', admin), 200, z.array(accessKeyViewSchema).min(3), 'GET /api/v1/admin/keys');
    expectAnswer(await call('PUT', '/api/v1/admin/privacy', admin, { retentionMonths: 24 }), 200, privacySettingsSchema, 'PUT /api/v1/admin/privacy');
    expectAnswer(await call('GET', '/api/v1/admin/privacy', admin), 200, privacySettingsSchema, 'GET /api/v1/admin/privacy');
    expectAnswer(await call('POST', '/api/v1/leads/R-2/erase', admin), 200, leadErasureSchema, 'POST /api/v1/leads/{id}/erase');
    expectAnswer(await call('POST', '/api/v1/leads/nope/erase', admin), 404, apiErrorSchema, 'POST /api/v1/leads/{id}/erase (unknown)');
    // the refusal above (401 of a bad VICIdial key) and the key created are among the events
    const audit = await call('GET', '/api/v1/security-audit?limit=50', admin);
    expectAnswer(audit, 200, z.array(securityAuditEntrySchema).min(1), 'GET /api/v1/security-audit');
  });
});

describe('the built dashboard', () => {
  it('is served by the API: its files, and index.html for its client-side routes', async () => {
    const index = await fetch(`${stack.apiUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    expect(html).toContain('<div id="app">');
    for (const route of ['/manager', '/sources', '/admin', `/?wall=${tenant.wallToken}`, '/login']) {
      const res = await fetch(`${stack.apiUrl}${route}`);
      expect({ route, status: res.status, html: await res.text() }).toEqual({ route, status: 200, html });
    }
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const asset = await fetch(`${stack.apiUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('carries no zod: the contracts modules it reads build no schema at load time', () => {
    const assets = join(ROOT, 'dist/apps/dashboard/assets');
    const maps = readdirSync(assets).filter((f) => f.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(0);
    const withZod = maps.filter((f) => (JSON.parse(readFileSync(join(assets, f), 'utf8')) as { sources: string[] }).sources.some((s) => s.includes('node_modules/zod/')));
    expect(withZod).toEqual([]);
  });

  it("leaves the server's paths to the server: an unknown one is a 404, not the dashboard", async () => {
    for (const path of ['/api/v1/nope', '/health/nope', '/metrics/nope', '/admin/queues/nope', '/socket.io/nope']) {
      const res = await fetch(`${stack.apiUrl}${path}`);
      expect({ path, dashboard: (await res.text()).includes('<div id="app">') }).toEqual({ path, dashboard: false });
    }
    expect((await fetch(`${stack.apiUrl}/api/v1/nope`)).status).toBe(404);
    // Errors before routing keep their status (serve-static's own loader turned them into 404s).
    const tooBig = await fetch(`${stack.apiUrl}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [], padding: 'x'.repeat(6 * 1024 * 1024) }),
    });
    expect(tooBig.status).toBe(413);
  });
});
