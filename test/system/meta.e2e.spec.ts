/**
 * Meta Lead Ads end to end: the built API and worker, a local fake of the Graph API (the stack's
 * META_GRAPH_URL points at it), Meta's handshake and signed notifications sent as Meta sends them.
 */
import { Queue } from 'bullmq';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import type { LeadDetail, MetaSourceCreated, MetaSourceItem, MetaSourceList } from '@leadboard/contracts';
import { createTenant, getJson, login, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { waitForDrainedQueue } from '../support/queues';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

const META_LEADS_QUEUE = 'meta-leads';
const run = randomBytes(4).toString('hex');
const GOOD_TOKEN = `EAAB-good-${run}`;
const EXPIRED_TOKEN = `EAAB-expired-${run}`;
const APP_SECRET = `app-secret-${run}`;
const BIG_ID = '12345678901234567'; // beyond 2^53: JSON.parse would read 12345678901234568
const SMALL_ID = '444000111';
const FLAKY_ID = '888000111';
const STOPPED_ID = '777000111';

/** The fake Graph API: leads by id, a token that Graph refuses (190), one lead that fails once (503). */
class FakeGraph {
  readonly hits: { leadgenId: string; token: string | null; fields: string | null; proof: string | null }[] = [];
  private server!: Server;
  url = '';

  private readonly leads: Record<string, unknown> = {
    [BIG_ID]: {
      id: BIG_ID,
      created_time: '2026-11-30T10:00:00+0000',
      form_id: '555',
      ad_id: '6000000000000001',
      campaign_id: '6000000000000002',
      field_data: [
        { name: 'full_name', values: ['Maria Rossi'] },
        { name: 'phone_number', values: ['+393331234567'] },
        { name: 'email', values: ['maria.rossi@example.com'] },
        { name: 'company_name', values: ['Acqua Srl'] },
        { name: 'city', values: ['Milano'] },
      ],
    },
    [SMALL_ID]: {
      id: SMALL_ID,
      created_time: '2026-11-30T11:15:00+0100',
      form_id: '556',
      field_data: [
        { name: 'first_name', values: ['Jean'] },
        { name: 'last_name', values: ['Dupont'] },
        { name: 'phone_number', values: ['+33612345678'] },
        { name: 'email', values: ['jean.dupont@example.com'] },
      ],
    },
    [FLAKY_ID]: { id: FLAKY_ID, created_time: '2026-11-30T12:00:00+0000', field_data: [{ name: 'full_name', values: ['Flaky Once'] }] },
    [STOPPED_ID]: { id: STOPPED_ID, created_time: '2026-11-30T13:00:00+0000', field_data: [{ name: 'full_name', values: ['Token Fixed'] }] },
  };

  hitsFor(leadgenId: string): number {
    return this.hits.filter((h) => h.leadgenId === leadgenId).length;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const m = /^\/v21\.0\/(\d+)$/.exec(url.pathname);
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!m) return answer(404, { error: { message: 'Unknown path', code: 803 } });
      const leadgenId = m[1];
      const token = url.searchParams.get('access_token');
      this.hits.push({ leadgenId, token, fields: url.searchParams.get('fields'), proof: url.searchParams.get('appsecret_proof') });
      if (token === EXPIRED_TOKEN) {
        return answer(400, { error: { message: 'Error validating access token: Session has expired on Sunday, 29-Nov-26.', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'AbC' } });
      }
      if (token !== GOOD_TOKEN) return answer(400, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } });
      if (leadgenId === FLAKY_ID && this.hitsFor(FLAKY_ID) === 1) return answer(503, { error: { message: 'Service temporarily unavailable', code: 2, is_transient: true } });
      const lead = this.leads[leadgenId];
      if (!lead) return answer(400, { error: { message: `Unsupported get request. Object with ID '${leadgenId}' does not exist`, type: 'GraphMethodException', code: 100 } });
      answer(200, lead);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const graph = new FakeGraph();
let stack: Stack;
let tenant: TenantCredentials;
let admin: string;
let db: DataSource;
let metaQueue: Queue;

function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${stack.apiUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
}

async function createSource(pageAccessToken: string, extra: Record<string, unknown> = {}): Promise<MetaSourceCreated> {
  const res = await api('/api/v1/integrations/meta/sources', {
    method: 'POST',
    token: admin,
    body: { name: `Page ${run}`, appSecret: APP_SECRET, pageAccessToken, defaultCampaignId: 'c-meta', forms: { '555': 'c-meta-ebook' }, ...extra },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as MetaSourceCreated;
}

/** Posts a notification exactly as given (raw text), signed with `secret` unless a header is forced. */
function notify(sourceId: string, raw: string, signature: string | null | undefined = undefined, secret = APP_SECRET): Promise<Response> {
  const sig = signature === undefined ? `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}` : signature;
  return fetch(`${stack.apiUrl}/api/v1/integrations/meta/${sourceId}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(sig !== null ? { 'x-hub-signature-256': sig } : {}) },
    body: raw,
  });
}

/** A notification as Meta writes it; `leadgen_id` spelled raw (a bare number or a quoted string). */
function leadgenBody(entries: { pageId: string; leadgenIdRaw: string; formId?: string }[]): string {
  const entry = entries
    .map(
      (e) =>
        `{"id":"${e.pageId}","time":1764496800,"changes":[{"field":"leadgen","value":{"leadgen_id":${e.leadgenIdRaw},"page_id":"${e.pageId}",` +
        `"form_id":"${e.formId ?? '555'}","adgroup_id":"0","ad_id":"0","created_time":1764496800}}]}`,
    )
    .join(',');
  return `{"object":"page","entry":[${entry}]}`;
}

async function sources(): Promise<MetaSourceItem[]> {
  const { status, body } = await getJson<MetaSourceList>(stack, '/api/v1/integrations/meta/sources', admin);
  expect(status).toBe(200);
  return body.sources;
}

async function queuedFetches(): Promise<number> {
  const c = await metaQueue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  return Object.values(c).reduce((a, b) => a + b, 0);
}

beforeAll(async () => {
  await graph.start();
  stack = await startStack({ env: { META_GRAPH_URL: graph.url, META_GRAPH_VERSION: 'v21.0', META_RETRY_DELAY_MS: '200', META_FETCH_ATTEMPTS: '5' } });
  tenant = await createTenant(stack);
  admin = await login(stack, tenant.adminEmail, tenant.adminPassword);
  db = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 1 } });
  await db.initialize();
  const redis = new URL(stack.env.REDIS_URL);
  metaQueue = new Queue(META_LEADS_QUEUE, { connection: { host: redis.hostname, port: Number(redis.port || 6379) }, prefix: stack.env.QUEUE_PREFIX });
});

afterAll(async () => {
  await metaQueue?.close();
  await db?.destroy();
  await stack?.stop();
  await graph.stop();
});

it('creates a source for admins only, with a generated verify token and the webhook URL to paste into Meta', async () => {
  const created = await createSource(GOOD_TOKEN);
  expect(created.webhookUrl).toBe(`${stack.apiUrl}/api/v1/integrations/meta/${created.id}/webhook`);
  expect(created.verifyToken).toMatch(/^[A-Za-z0-9_-]{32}$/);

  const bad = await api('/api/v1/integrations/meta/sources', { method: 'POST', token: admin, body: { name: 'x', appSecret: '', defaultCampaignId: 'c' } });
  expect(bad.status).toBe(400);
  const paths = ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
  expect(paths).toEqual(expect.arrayContaining(['appSecret', 'pageAccessToken']));

  expect((await api('/api/v1/integrations/meta/sources', { token: tenant.wallToken })).status).toBe(403);
  expect((await api('/api/v1/integrations/meta/sources', { token: tenant.ingestKey })).status).toBe(403);
  expect((await api('/api/v1/integrations/meta/sources')).status).toBe(401);
});

it("answers Meta's handshake with the challenge for the right verify token, 403 otherwise", async () => {
  const { id } = await createSource(GOOD_TOKEN, { verifyToken: `verify-${run}` });
  const handshake = (mode: string, token: string) =>
    fetch(`${stack.apiUrl}/api/v1/integrations/meta/${id}/webhook?hub.mode=${mode}&hub.challenge=1158201444&hub.verify_token=${encodeURIComponent(token)}`);

  const ok = await handshake('subscribe', `verify-${run}`);
  expect(ok.status).toBe(200);
  expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(await ok.text()).toBe('1158201444');

  expect((await handshake('subscribe', 'wrong-token')).status).toBe(403);
  expect((await handshake('unsubscribe', `verify-${run}`)).status).toBe(403);
  expect((await fetch(`${stack.apiUrl}/api/v1/integrations/meta/${id}/webhook?hub.challenge=1`)).status).toBe(403);
  const unknown = await fetch(`${stack.apiUrl}/api/v1/integrations/meta/00000000-0000-4000-8000-000000000000/webhook?hub.mode=subscribe&hub.challenge=1&hub.verify_token=verify-${run}`);
  expect(unknown.status).toBe(403);
});

it('refuses a wrong or missing signature with 401 and queues nothing', async () => {
  const { id } = await createSource(GOOD_TOKEN);
  const raw = leadgenBody([{ pageId: '111', leadgenIdRaw: '"999000111"' }]);
  const before = await queuedFetches();

  expect((await notify(id, raw, null)).status).toBe(401);
  expect((await notify(id, raw, undefined, 'not-the-app-secret')).status).toBe(401);
  expect((await notify(id, raw, `sha256=${'0'.repeat(64)}`)).status).toBe(401);
  // Signed over other bytes (the same JSON re-serialised) is not the body's signature.
  const other = JSON.stringify(JSON.parse(raw), null, 1);
  expect((await notify(id, raw, `sha256=${createHmac('sha256', APP_SECRET).update(other).digest('hex')}`)).status).toBe(401);

  expect(await queuedFetches()).toBe(before);
  expect(graph.hitsFor('999000111')).toBe(0);
  const mine = (await sources()).find((s) => s.id === id);
  expect(mine?.lastError?.message).toMatch(/signature/i);
});

it('turns a signed notification with two entries into two leads, the 17-digit JSON number read exactly', async () => {
  const { id } = await createSource(GOOD_TOKEN);
  const raw = leadgenBody([
    { pageId: '111', leadgenIdRaw: BIG_ID, formId: '555' },
    { pageId: '222', leadgenIdRaw: `"${SMALL_ID}"`, formId: '556' },
  ]);
  const res = await notify(id, raw);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ leads: 2 });

  await waitFor(async () => (await getJson(stack, `/api/v1/leads/${BIG_ID}`, admin)).status === 200 && (await getJson(stack, `/api/v1/leads/${SMALL_ID}`, admin)).status === 200, {
    timeoutMs: 30_000,
    what: 'both Meta leads stored',
  });
  const big = (await getJson<LeadDetail>(stack, `/api/v1/leads/${BIG_ID}`, admin)).body;
  expect(big).toMatchObject({ leadId: BIG_ID, campaignId: 'c-meta-ebook', source: 'meta_ads', contact: { name: 'Maria Rossi', phone: '+393331234567', email: 'maria.rossi@example.com' } });
  const small = (await getJson<LeadDetail>(stack, `/api/v1/leads/${SMALL_ID}`, admin)).body;
  expect(small).toMatchObject({ leadId: SMALL_ID, campaignId: 'c-meta', contact: { name: 'Jean Dupont', phone: '+33612345678', email: 'jean.dupont@example.com' } });
  // The rounded id a plain JSON.parse would have made was never fetched nor stored.
  expect(graph.hitsFor('12345678901234568')).toBe(0);

  const [row] = (await db.query(`SELECT attributes, first_event_at FROM leads WHERE tenant_id = $1 AND id = $2`, [tenant.tenantId, BIG_ID])) as { attributes: Record<string, unknown>; first_event_at: Date }[];
  expect(big.account).toMatchObject({ name: 'Acqua Srl', stage: 'lead' });
  expect(row.attributes).toEqual({ city: 'Milano', form_id: '555', ad_id: '6000000000000001', campaign_id: '6000000000000002', page_id: '111' });
  expect(new Date(row.first_event_at).toISOString()).toBe('2026-11-30T10:00:00.000Z');
  const events = (await db.query(`SELECT event_id FROM events WHERE tenant_id = $1 AND lead_id = ANY($2) ORDER BY event_id`, [tenant.tenantId, [BIG_ID, SMALL_ID]])) as { event_id: string }[];
  expect(events.map((e) => e.event_id)).toEqual([`meta:${BIG_ID}`, `meta:${SMALL_ID}`]);
  expect(graph.hits.find((h) => h.leadgenId === BIG_ID)).toMatchObject({ token: GOOD_TOKEN, fields: expect.stringContaining('field_data'), proof: expect.stringMatching(/^[0-9a-f]{64}$/) });

  // Meta sending the same notification again fetches nothing more.
  expect((await notify(id, raw)).status).toBe(200);
  // Whatever the notification queued has been handled once the queue is empty.
  await waitForDrainedQueue(stack, META_LEADS_QUEUE);
  expect(graph.hitsFor(BIG_ID)).toBe(1);
  expect(graph.hitsFor(SMALL_ID)).toBe(1);
  expect((await sources()).find((s) => s.id === id)?.lastLeadAt).toBeDefined();
});

it('retries a transient Graph error and gets the lead', async () => {
  const { id } = await createSource(GOOD_TOKEN);
  expect((await notify(id, leadgenBody([{ pageId: '111', leadgenIdRaw: `"${FLAKY_ID}"` }]))).status).toBe(200);
  await waitFor(async () => (await getJson(stack, `/api/v1/leads/${FLAKY_ID}`, admin)).status === 200, { timeoutMs: 30_000, what: 'the flaky lead' });
  expect(graph.hitsFor(FLAKY_ID)).toBe(2);
});

it('stops at once on a token error, shows it on the source, and fetches again with a new token', async () => {
  const { id } = await createSource(EXPIRED_TOKEN);
  expect((await notify(id, leadgenBody([{ pageId: '111', leadgenIdRaw: STOPPED_ID }]))).status).toBe(200);

  await waitFor(async () => (await sources()).find((s) => s.id === id)?.tokenError?.code === 190, { timeoutMs: 30_000, what: 'the token error on the source' });
  const job = await metaQueue.getJob(`meta:${id}:${STOPPED_ID}`);
  await waitFor(async () => (await job?.getState()) === 'failed', { what: 'the fetch job failed' });
  // Not retried in a loop: the job failed for good and nothing is left to run (no retry waiting), and Graph was asked once.
  await waitForDrainedQueue(stack, META_LEADS_QUEUE);
  expect(graph.hitsFor(STOPPED_ID)).toBe(1);
  const item = (await sources()).find((s) => s.id === id);
  expect(item?.tokenError).toMatchObject({ code: 190, message: expect.stringContaining('Session has expired') });
  expect(JSON.stringify(item)).not.toContain(EXPIRED_TOKEN);

  const patched = await api(`/api/v1/integrations/meta/sources/${id}`, { method: 'PATCH', token: admin, body: { pageAccessToken: GOOD_TOKEN } });
  expect(patched.status).toBe(200);
  expect(((await patched.json()) as MetaSourceItem).tokenError).toBeUndefined();
  await waitFor(async () => (await getJson(stack, `/api/v1/leads/${STOPPED_ID}`, admin)).status === 200, { timeoutMs: 30_000, what: 'the stopped lead fetched with the new token' });
  expect(graph.hitsFor(STOPPED_ID)).toBe(2);
});

it('never returns or logs a secret, and deletes a source', async () => {
  const { id } = await createSource(GOOD_TOKEN);
  const listText = await (await api('/api/v1/integrations/meta/sources', { token: admin })).text();
  for (const secret of [APP_SECRET, GOOD_TOKEN, EXPIRED_TOKEN]) expect(listText).not.toContain(secret);
  const item = (await sources()).find((s) => s.id === id);
  expect(item).toMatchObject({ hasAppSecret: true, hasPageAccessToken: true, defaultCampaignId: 'c-meta', forms: { '555': 'c-meta-ebook' } });
  expect(Object.keys(item ?? {})).not.toEqual(expect.arrayContaining(['appSecret', 'pageAccessToken']));
  for (const secret of [APP_SECRET, GOOD_TOKEN, EXPIRED_TOKEN]) expect(stack.logs()).not.toContain(secret);

  // Another tenant's admin does not see it.
  const other = await createTenant(stack);
  const otherAdmin = await login(stack, other.adminEmail, other.adminPassword);
  expect((await getJson<MetaSourceList>(stack, '/api/v1/integrations/meta/sources', otherAdmin)).body.sources).toEqual([]);
  expect((await api(`/api/v1/integrations/meta/sources/${id}`, { method: 'DELETE', token: otherAdmin })).status).toBe(404);

  expect((await api(`/api/v1/integrations/meta/sources/${id}`, { method: 'DELETE', token: admin })).status).toBe(204);
  expect((await sources()).some((s) => s.id === id)).toBe(false);
  expect((await notify(id, leadgenBody([{ pageId: '111', leadgenIdRaw: '"1"' }]))).status).toBe(404);
});

describe('without SECRETS_KEY', () => {
  let keyless: Stack;
  afterAll(async () => keyless?.stop());

  it('refuses to create a source with an error naming SECRETS_KEY, and still lists', async () => {
    keyless = await startStack({ workers: 0, env: { SECRETS_KEY: '', META_GRAPH_URL: graph.url } });
    const t = await createTenant(keyless);
    const token = await login(keyless, t.adminEmail, t.adminPassword);
    const res = await fetch(`${keyless.apiUrl}/api/v1/integrations/meta/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'No key', appSecret: APP_SECRET, pageAccessToken: GOOD_TOKEN, defaultCampaignId: 'c-meta' }),
    });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/SECRETS_KEY is not set/);
    expect((await getJson<MetaSourceList>(keyless, '/api/v1/integrations/meta/sources', token)).body).toEqual({ sources: [] });
  });
});
