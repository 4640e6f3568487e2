/**
 * VICIdial's three callers against the real stack: the Dispo Call URL, the No Agent Call URL and the
 * Agent Events Push, sent exactly as VICIdial sends them (form-encoded names, `+` for spaces, `%3A`
 * in times, the key in the query string or the form body), answered in text, applied once.
 */
import type { CampaignMetrics, LeadDetail, VicidialSettingsView } from '@leadboard/contracts';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { callOutcome, leadCreated } from '../support/events';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

let stack: Stack;
let tenant: TenantCredentials;
let token: string;
let db: DataSource;

const EPOCH = 1796032502; // 2026-11-30T09:55:02Z
const AT = new Date(EPOCH * 1000);

beforeAll(async () => {
  db = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 2 } });
  await db.initialize();
  stack = await startStack();
  tenant = await createTenant(stack);
  token = await login(stack, tenant.adminEmail, tenant.adminPassword);
  const put = await fetch(`${stack.apiUrl}/api/v1/integrations/vicidial`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ timeZone: 'Europe/Rome' }),
  });
  expect(put.status).toBe(200);
});

afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

const vicidial = (path: string, query: string) => fetch(`${stack.apiUrl}/api/v1/integrations/vicidial/${path}?${query}`);
const postForm = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${stack.apiUrl}/api/v1/integrations/vicidial/agent-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'user-agent': 'VICIdial get2post', ...headers },
    body,
  });

/** A Dispo Call URL's query exactly as VICIdial builds it; `key` first, as the pasted URL has it. */
function dispoQuery(leadId: string, campaign: string, dispo: string, extra = ''): string {
  return (
    `key=${tenant.ingestKey}&lead_id=${leadId}&campaign=${campaign}&dispo=${dispo}&user=6001&pass=AGENTSECRETPW&phone_pass=PHONESECRETPW` +
    `&talk_time=184&uniqueid=${EPOCH}.${leadId}&agent_log_id=889${leadId}&call_id=M11301${leadId}&epoch=${EPOCH}&callback_datetime=&callback_lead_status=` +
    `&term_reason=AGENT&called_count=1&vendor_lead_code=&list_id=101&phone_number=3331234567&first_name=Maria&last_name=De+Luca` +
    `&email=maria%40example.com&call_notes=vuole+un+preventivo%3A+subito${extra}`
  );
}

async function textOf(res: Response): Promise<{ status: number; type: string | null; text: string }> {
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const count = async (sql: string, params: unknown[]) => Number(((await db.query(sql, params)) as { n: string }[])[0].n);

async function leadOf(id: string): Promise<LeadDetail> {
  return (await getJson<LeadDetail>(stack, `/api/v1/leads/${id}`, token)).body;
}

it('prints the URLs to paste, with every placeholder and a key placeholder', async () => {
  const { status, body } = await getJson<VicidialSettingsView>(stack, '/api/v1/integrations/vicidial', token);
  expect(status).toBe(200);
  expect(body.timeZone).toBe('Europe/Rome');
  expect(body.dispoUrl).toMatch(new RegExp(`^VAR${stack.apiUrl}/api/v1/integrations/vicidial/dispo\\?key=YOUR_INGEST_KEY&lead_id=--A--lead_id--B--&`));
  expect(body.noAgentUrl).toContain('status=--A--status--B--');
  expect(body.agentEventsUrl).toMatch(/^get2post\.php\?uniqueid=--A--epoch--B--\.--A--agent_log_id--B--&type=event&HTTPURLTOPOST=/);
  expect(JSON.stringify(body)).not.toContain(tenant.ingestKey);
  const bad = await fetch(`${stack.apiUrl}/api/v1/integrations/vicidial`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ timeZone: 'Europe/Atlantis' }),
  });
  expect(bad.status).toBe(400);
});

it('a Dispo Call URL moves the lead exactly as the same call posted as a contract event', async () => {
  const when = new Date(AT.getTime() - 3_600_000);
  expect((await postEvents(stack, tenant.ingestKey, [leadCreated('c-vici', '1001', when), leadCreated('c-json', '1001J', when)])).status).toBe(202);
  const answer = await textOf(await vicidial('dispo', dispoQuery('1001', 'c-vici', 'XFER')));
  expect(answer).toEqual({ status: 200, type: expect.stringMatching(/^text\/plain/), text: `OK vicidial:dispo:${EPOCH}.1001:1001:8891001` });
  const same = callOutcome('c-json', '1001J', 'XFER', AT, { operatorId: '6001', talkSeconds: 184, wrapSeconds: 0, notes: 'vuole un preventivo: subito' });
  expect((await postEvents(stack, tenant.ingestKey, [same])).status).toBe(202);

  await waitFor(async () => (await leadOf('1001')).stage === 'prospect' && (await leadOf('1001J')).stage === 'prospect', { what: 'both leads to move' });
  const pick = (l: LeadDetail) => ({
    stage: l.stage,
    owner: l.ownerOperatorId,
    attempts: l.attempts,
    lastDisposition: l.lastDisposition,
    source: l.source,
    transitions: l.transitions.map((t) => [t.from, t.to, t.at, t.operatorId, t.cause]),
  });
  expect(pick(await leadOf('1001'))).toEqual(pick(await leadOf('1001J')));
  const metrics = async (c: string) => {
    const m = (await getJson<CampaignMetrics>(stack, `/api/v1/campaigns/${c}/metrics`, token)).body;
    return { stages: m.stages, funnel: m.funnel, rates: m.rates, attemptsPerLead: m.attemptsPerLead, speed: m.speedToLeadMedianSeconds, unmapped: m.unmappedDispositions };
  };
  expect(await metrics('c-vici')).toEqual(await metrics('c-json'));
  // The known lead's details stay those of its origin; its source is the lead.created's.
  expect((await leadOf('1001')).contact).toEqual({ name: 'Name of 1001', phone: '+39 333 000 0000', email: '1001@example.com' });
  expect((await leadOf('1001')).source).toBe('meta_ads');
});

it('the same URL twice applies once', async () => {
  const q = dispoQuery('1002', 'c-vici', 'NI');
  const first = await textOf(await vicidial('dispo', q));
  const second = await textOf(await vicidial('dispo', q));
  expect(second).toEqual(first);
  expect(first.status).toBe(200);
  await waitFor(async () => (await leadOf('1002'))?.stage === 'lost', { what: 'lead 1002 lost' });
  expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND lead_id = '1002'`, [tenant.tenantId])).toBe(1);
  expect((await leadOf('1002')).attempts).toBe(1);
  // A lead first seen on a call takes its details from the URL, and has no source.
  expect((await leadOf('1002')).contact).toEqual({ name: 'Maria De Luca', phone: '3331234567', email: 'maria@example.com' });
  expect((await leadOf('1002')).source).toBeNull();
});

it('a No Agent Call URL counts an attempt with no operator, at its local SQLdate', async () => {
  const q = `key=${tenant.ingestKey}&lead_id=1003&campaign=c-vici&status=NA&uniqueid=${EPOCH}.77&call_id=V1130&SQLdate=2026-11-30+15:30:00&called_count=1&phone_number=+393331234567`;
  expect(await textOf(await vicidial('no-agent', q))).toMatchObject({ status: 200, text: `OK vicidial:na:${EPOCH}.77:1003:NA` });
  await waitFor(async () => (await leadOf('1003'))?.attempts === 1, { what: 'lead 1003 attempted' });
  const [row] = (await db.query(`SELECT operator_id, disposition, occurred_at FROM events WHERE tenant_id = $1 AND lead_id = '1003'`, [tenant.tenantId])) as {
    operator_id: string | null;
    disposition: string;
    occurred_at: Date;
  }[];
  expect({ operator: row.operator_id, disposition: row.disposition, at: new Date(row.occurred_at).toISOString() }).toEqual({
    operator: null,
    disposition: 'NO_ANSWER',
    at: '2026-11-30T14:30:00.000Z',
  });
  expect(await leadOf('1003')).toMatchObject({ stage: 'new', ownerOperatorId: null, contact: { phone: '+393331234567' } });
});

it("a callback's time lands in the tenant's time zone", async () => {
  const q = dispoQuery('1004', 'c-vici', 'CALLBK').replace('callback_datetime=&', 'callback_datetime=2026-11-30+15%3A30%3A00&');
  expect((await vicidial('dispo', q)).status).toBe(200);
  await waitFor(async () => (await leadOf('1004'))?.stage === 'contacted', { what: 'lead 1004 contacted' });
  expect((await leadOf('1004')).callbackAt).toBe('2026-11-30T14:30:00.000Z');
});

it('agent events become operator states; other events are accepted and ignored; the key may come in the form body', async () => {
  const form = (event: string, counter: number) =>
    `key=${tenant.ingestKey}&user=6002&event=${event}&message=&lead_id=&agent_log_id=9&epoch=${EPOCH}&counter=${counter}`;
  expect(await textOf(await postForm(form('logged_in', 1)))).toMatchObject({ status: 200, text: `OK vicidial:agent:6002:${EPOCH}:1:logged_in` });
  expect(await textOf(await postForm(form('dispo_set', 2)))).toMatchObject({ status: 200, text: 'OK ignored dispo_set' });
  expect((await postForm(form('call_answered', 3))).status).toBe(200);
  await waitFor(async () => ((await db.query(`SELECT state FROM operators WHERE tenant_id = $1 AND id = '6002'`, [tenant.tenantId])) as { state: string }[])[0]?.state === 'on_call', {
    what: 'operator 6002 on_call',
  });
});

it('refuses a missing lead_id with a text 400 recorded as a source error, and a bad key with 401', async () => {
  const missing = await textOf(await vicidial('dispo', `key=${tenant.ingestKey}&campaign=c-vici&dispo=NI&user=6001&first_name=Maria`));
  expect(missing).toEqual({ status: 400, type: expect.stringMatching(/^text\/plain/), text: 'missing lead_id' });
  const errors = (await db.query(`SELECT message FROM source_errors WHERE tenant_id = $1 AND source = 'vicidial'`, [tenant.tenantId])) as { message: string }[];
  expect(errors.map((e) => e.message)).toContain('Dispo Call URL refused: missing lead_id');
  expect(JSON.stringify(errors)).not.toContain('Maria');

  const badKey = await textOf(await vicidial('dispo', dispoQuery('1005', 'c-vici', 'NI').replace(`key=${tenant.ingestKey}`, 'key=lbk_not_a_key')));
  expect(badKey).toEqual({ status: 401, type: expect.stringMatching(/^text\/plain/), text: 'invalid or missing key' });
  const noKey = await textOf(await postForm('user=6002&event=logged_in&epoch=1'));
  expect(noKey.status).toBe(401);
  // A wall-screen token is not an ingest key.
  expect((await vicidial('dispo', dispoQuery('1005', 'c-vici', 'NI').replace(`key=${tenant.ingestKey}`, `key=${tenant.wallToken}`))).status).toBe(403);
  // An ingest key in the Authorization header is accepted too.
  const bearer = await fetch(`${stack.apiUrl}/api/v1/integrations/vicidial/dispo?${dispoQuery('1006', 'c-vici', 'NI').replace(`key=${tenant.ingestKey}&`, '')}`, {
    headers: { authorization: `Bearer ${tenant.ingestKey}` },
  });
  expect(bearer.status).toBe(200);
});

it('never stores, queues or logs the passwords or the key', async () => {
  await waitFor(async () => (await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND lead_id = '1006'`, [tenant.tenantId])) === 1, { what: 'lead 1006 stored' });
  const secrets = ['AGENTSECRETPW', 'PHONESECRETPW', tenant.ingestKey];
  for (const s of secrets) {
    expect(await count(`SELECT count(*) AS n FROM events WHERE tenant_id = $1 AND payload::text LIKE $2`, [tenant.tenantId, `%${s}%`])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM source_errors WHERE tenant_id = $1 AND message LIKE $2`, [tenant.tenantId, `%${s}%`])).toBe(0);
  }
  const redis = new Redis(stack.env.REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${stack.env.QUEUE_PREFIX}:events:*`);
    const jobs = [];
    for (const key of keys) if ((await redis.type(key)) === 'hash') jobs.push(await redis.hget(key, 'data'));
    const data = jobs.filter((d): d is string => d !== null);
    expect(data.some((d) => d.includes('vicidial:dispo:'))).toBe(true);
    for (const s of secrets) expect(data.filter((d) => d.includes(s))).toEqual([]);
  } finally {
    redis.disconnect();
  }
  for (const s of secrets) expect(stack.logs()).not.toContain(s);
});
