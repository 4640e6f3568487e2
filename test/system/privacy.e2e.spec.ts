/**
 * Privacy with the built API and worker:
 * - a wall screen gets no personal data at all, staff included: not one `@` in its socket frames or
 *   REST answers, while a user's socket gets who acknowledged an alert and who moved leads and why;
 *   a wall token limited to a campaign sees only that campaign's operators;
 * - erasing a lead leaves the funnel as it was and no trace of its name, phone or e-mail in any
 *   column of any table of PostgreSQL, nor in any Redis key of the run (the queue's jobs, completed
 *   and failed, included); events arriving for it later store none either;
 * - retention: the worker's schedule erases the leads untouched past the tenant's retention.
 */
import { randomBytes } from 'node:crypto';
import type { AlertView, CampaignMetrics, IngestEventInput, KeyCreated, LeadDetail, OperatorView } from '@leadboard/contracts';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { callOutcome, leadCreated } from '../support/events';
import { connectLive, type LiveRecorder } from '../support/live-client';
import { createTenant, getJson, login, postEvents, startStack, type Stack, type TenantCredentials } from '../support/stack';
import { testEnv } from '../support/test-env';
import { waitFor } from '../support/wait';

const run = randomBytes(4).toString('hex');
const digits = String(parseInt(run, 16)).padStart(7, '7').slice(0, 7);
/** The lead to erase: unique strings, so finding one anywhere means it was not erased. */
const erasmo = { name: `Erasmo Cancellato ${run}`, phone: `+39 347 ${digits}`, email: `erasmo.${run}@example.it` };

let stack: Stack;
let db: DataSource;
let tenant: TenantCredentials;
let admin: string;

async function call<T = unknown>(path: string, token: string, method = 'GET', body?: unknown) {
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function send(events: IngestEventInput[]): Promise<void> {
  const res = await postEvents(stack, tenant.ingestKey, events);
  if (res.status !== 202) throw new Error(`ingest: ${res.status} ${await res.text()}`);
}

const operatorState = (campaignId: string, operatorId: string, state: string, name: string, seniority: 'junior' | 'senior'): IngestEventInput => ({
  eventId: `os-${operatorId}-${randomBytes(3).toString('hex')}`,
  type: 'operator.state',
  occurredAt: new Date().toISOString(),
  campaignId,
  operatorId,
  state: state as 'available',
  operator: { name, seniority },
});

/** Every row of every table of the run's database, as text: a value anywhere in any column shows. */
async function everyRow(): Promise<string> {
  const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as { tablename: string }[];
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows = (await db.query(`SELECT t::text AS row FROM "${tablename}" t`)) as { row: string }[];
    parts.push(...rows.map((r) => `${tablename}: ${r.row}`));
  }
  return parts.join('\n');
}

/** Every value of every Redis key of the run's prefix (queue, socket.io, rate limits). */
async function everyRedisValue(): Promise<string> {
  const redis = new IORedis(stack.env.REDIS_URL);
  const parts: string[] = [];
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${stack.env.QUEUE_PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === 'string' ? await redis.get(key)
          : type === 'hash' ? await redis.hgetall(key)
          : type === 'list' ? await redis.lrange(key, 0, -1)
          : type === 'set' ? await redis.smembers(key)
          : type === 'zset' ? await redis.zrange(key, 0, -1)
          : type === 'stream' ? await redis.xrange(key, '-', '+')
          : null;
        parts.push(`${key}: ${JSON.stringify(value)}`);
      }
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return parts.join('\n');
}

function recordAll(rec: LiveRecorder): string[] {
  const frames: string[] = [];
  rec.socket.onAny((event: string, ...args: unknown[]) => frames.push(`${event} ${JSON.stringify(args)}`));
  return frames;
}

beforeAll(async () => {
  db = new DataSource({ type: 'postgres', url: testEnv().databaseUrl, extra: { max: 1 } });
  await db.initialize();
  // A real failure for one batch (the run's own database): its events, the lead's among them, become a dead letter.
  await db.query(`
    CREATE OR REPLACE FUNCTION reject_poison_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.event_id LIKE 'poison-%' THEN RAISE EXCEPTION 'poisoned event %', NEW.event_id; END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER reject_poison_event BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION reject_poison_event();`);
  stack = await startStack({ env: { JOB_ATTEMPTS: '1', RETENTION_INTERVAL_MS: '1000' } });
  tenant = await createTenant(stack, `privacy-${run}`);
  admin = await login(stack, tenant.adminEmail, tenant.adminPassword);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await db?.query('DROP TRIGGER IF EXISTS reject_poison_event ON events; DROP FUNCTION IF EXISTS reject_poison_event();');
  await db?.destroy();
});

describe('wall screens', () => {
  it('get no personal data at all — not one @ — over the socket or REST, while users get it all', async () => {
    const c = 'c-wall-priv';
    const limited = await call('/api/v1/admin/keys', admin, 'POST', { kind: 'wall', campaignIds: [c] });
    const limitedKey = (JSON.parse(limited.text) as KeyCreated).key;
    const [userSocket, wallSocket, limitedSocket] = await Promise.all([connectLive(stack.apiUrl, admin), connectLive(stack.apiUrl, tenant.wallToken), connectLive(stack.apiUrl, limitedKey)]);
    const [userFrames, wallFrames, limitedFrames] = [recordAll(userSocket), recordAll(wallSocket), recordAll(limitedSocket)];
    try {
      for (const s of [userSocket, wallSocket, limitedSocket]) expect((await s.subscribe({ tenant: true })).ok).toBe(true);
      const person = (n: number) => ({ source: 'web_form' as const, name: `Lead ${n} ${run}`, phone: `+39 333 ${digits}`, email: `lead${n}.${run}@example.it` });
      await send([
        operatorState(c, 'op-senior', 'available', 'Marco Verdi', 'senior'),
        operatorState(c, 'op-junior', 'available', 'Giulia Bianchi', 'junior'),
        operatorState('c-elsewhere', 'op-elsewhere', 'available', 'Chloé Martin', 'junior'),
        leadCreated(c, 'W-1', new Date(), { lead: person(1) }),
        leadCreated(c, 'W-2', new Date(), { lead: person(2) }),
        callOutcome(c, 'W-1', 'QUALIFIED', new Date(), { operatorId: 'op-junior', notes: `call ${person(1).email}` }),
        callOutcome(c, 'W-2', 'DNC', new Date(), { operatorId: 'op-junior' }),
      ]);
      await send([callOutcome(c, 'W-2', 'NA', new Date(Date.now() + 1000), { operatorId: 'op-junior' })]);
      // a manager's move, whose reason quotes the lead, and an acknowledged alert: both name people
      await waitFor(async () => (await getJson<{ stage: string }>(stack, '/api/v1/leads/W-1', admin)).body?.stage === 'prospect', { what: 'W-1 a prospect' });
      const moved = await call('/api/v1/leads/reassign', admin, 'POST', { leadIds: ['W-1'], toOperatorId: 'op-senior', reason: `asked by ${person(1).email}` });
      expect(moved.status).toBe(200);
      let alert: AlertView | undefined;
      await waitFor(async () => (alert = (await getJson<AlertView[]>(stack, `/api/v1/alerts?campaignId=${c}`, admin)).body.find((a) => a.rule === 'dnc_violation')) !== undefined, {
        what: 'the dnc violation',
      });
      expect((await call(`/api/v1/alerts/${alert!.id}/ack`, admin, 'POST')).status).toBe(200);
      await waitFor(() => userFrames.some((f) => f.startsWith('alert') && f.includes(tenant.adminEmail)) && userFrames.some((f) => f.startsWith('reassigned')), {
        what: 'the user’s alert and reassigned messages',
      });
      await waitFor(() => wallFrames.some((f) => f.startsWith('alert') && f.includes('"acknowledged"')) && wallFrames.some((f) => f.startsWith('reassigned')), {
        what: 'the wall’s alert and reassigned messages',
      });
      // a fresh snapshot carries the acknowledged alert too
      const snapshots = wallFrames.filter((f) => f.startsWith('snapshot')).length;
      expect((await wallSocket.subscribe({ campaignId: c })).ok).toBe(true);
      await waitFor(() => wallFrames.filter((f) => f.startsWith('snapshot')).length > snapshots, { what: 'the wall’s fresh snapshot' });

      // users: everything, as before
      expect(userFrames.join('\n')).toContain(`asked by ${person(1).email}`);
      // wall screens: REST answers of every endpoint they may call
      const rest: string[] = [];
      for (const path of [
        '/api/v1/me',
        '/api/v1/campaigns',
        `/api/v1/campaigns/${c}/metrics`,
        `/api/v1/campaigns/${c}/leads`,
        '/api/v1/leads/W-1',
        '/api/v1/leads/W-2',
        `/api/v1/operators?campaignId=${c}`,
        '/api/v1/operators',
        `/api/v1/alerts?campaignId=${c}`,
        '/api/v1/alerts',
        `/api/v1/campaigns/${c}/timeseries`,
        `/api/v1/campaigns/${c}/stage-aging`,
        `/api/v1/campaigns/${c}/callbacks`,
      ]) {
        for (const token of [tenant.wallToken, limitedKey]) {
          const r = await call(path, token);
          expect([path, r.status]).toEqual([path, 200]);
          rest.push(r.text);
        }
      }
      const wallSaw = [...wallFrames, ...limitedFrames, ...rest].join('\n');
      expect(wallSaw).toContain('W-1');
      expect(wallSaw).toContain('Marco Verdi');
      expect(wallSaw).not.toContain('@');
      expect(wallSaw).not.toContain(`Lead 1 ${run}`);
      expect(wallSaw).not.toContain(digits);

      // a token limited to the campaign sees its operators only; the tenant-wide one sees them all
      const ops = async (token: string) => (await getJson<OperatorView[]>(stack, '/api/v1/operators', token)).body.map((o) => o.operatorId).sort();
      expect(await ops(limitedKey)).toEqual(['op-junior', 'op-senior']);
      expect(await ops(tenant.wallToken)).toEqual(['op-elsewhere', 'op-junior', 'op-senior']);
      expect(limitedFrames.join('\n')).not.toContain('op-elsewhere');
    } finally {
      for (const s of [userSocket, wallSocket, limitedSocket]) s.close();
    }
  });
});

describe('erasure', () => {
  const c = 'c-erase';
  const funnel = async () => {
    const m = (await getJson<CampaignMetrics>(stack, `/api/v1/campaigns/${c}/metrics`, admin)).body;
    return { stages: m.stages, funnel: m.funnel, attemptsPerLead: m.attemptsPerLead };
  };

  it('leaves the funnel as it was and no trace of the lead’s name, phone or e-mail in PostgreSQL or Redis', async () => {
    await send([operatorState(c, 'op-e', 'available', 'Paola Neri', 'senior'), operatorState(c, 'op-f', 'available', 'Franco Neri', 'senior')]);
    await send([
      leadCreated(c, 'L-erasmo', new Date(Date.now() - 60_000), { lead: { source: 'meta_ads', ...erasmo, attributes: { form: `form ${erasmo.email}` } } }),
      leadCreated(c, 'L-other', new Date(Date.now() - 60_000)),
    ]);
    await send([callOutcome(c, 'L-erasmo', 'QUALIFIED', new Date(), { operatorId: 'op-e', notes: `${erasmo.name} wants a call on ${erasmo.phone}` })]);
    // a batch that fails: a dead letter in PostgreSQL, a failed job in Redis, both holding the lead's data
    await postEvents(stack, tenant.ingestKey, [
      callOutcome(c, 'L-erasmo', 'CALLBK', new Date(), { notes: `call ${erasmo.name} back` }),
      { ...leadCreated(c, 'L-poisoned'), eventId: `poison-${run}` },
    ]);
    await waitFor(async () => (await getJson<{ count: number }>(stack, '/api/v1/admin/dead-letters', admin)).body.count === 1, { what: 'the dead letter' });
    await waitFor(async () => (await getJson<LeadDetail>(stack, '/api/v1/leads/L-erasmo', admin)).body?.stage === 'prospect', { what: 'L-erasmo a prospect' });
    expect((await call('/api/v1/leads/reassign', admin, 'POST', { leadIds: ['L-erasmo'], toOperatorId: 'op-f', reason: `${erasmo.name} prefers Franco` })).status).toBe(200);
    // the test can fail: the lead's data is everywhere before
    expect(await everyRow()).toContain(erasmo.email);
    expect(await everyRedisValue()).toContain(erasmo.phone);
    const before = await funnel();
    const detailBefore = (await getJson<LeadDetail>(stack, '/api/v1/leads/L-erasmo', admin)).body;

    expect((await call('/api/v1/leads/L-erasmo/erase', tenant.wallToken, 'POST')).status).toBe(403);
    const erased = await call('/api/v1/leads/L-erasmo/erase', admin, 'POST');
    expect(erased.status).toBe(200);
    expect(JSON.parse(erased.text)).toMatchObject({ leadId: 'L-erasmo', stores: { leads: 1, events: 2, dead_letters: 1, audit_log: 1 } });

    expect(await funnel()).toEqual(before);
    const detail = (await getJson<LeadDetail>(stack, '/api/v1/leads/L-erasmo', admin)).body;
    expect(detail.contact).toEqual({ name: null, phone: null, email: null });
    expect({ ...detail, contact: undefined }).toEqual({ ...detailBefore, contact: undefined });
    const pg = await everyRow();
    const redis = await everyRedisValue();
    for (const value of [erasmo.name, erasmo.phone, erasmo.email]) {
      expect([value, pg.includes(value)]).toEqual([value, false]);
      expect([value, redis.includes(value)]).toEqual([value, false]);
    }
    expect(pg).toContain('L-erasmo');
    const audit = await getJson<{ event: string; target: { id: string } | null }[]>(stack, '/api/v1/security-audit?event=lead.erased', admin);
    expect(audit.body[0]).toMatchObject({ event: 'lead.erased', target: { id: 'L-erasmo' } });
    expect((await call('/api/v1/leads/L-nobody/erase', admin, 'POST')).status).toBe(404);
  });

  it('keeps an erased lead erased when events about it still arrive', async () => {
    const attempts = (await getJson<LeadDetail>(stack, '/api/v1/leads/L-erasmo', admin)).body.attempts;
    await send([
      leadCreated(c, 'L-erasmo', new Date(), { lead: { source: 'meta_ads', ...erasmo } }),
      callOutcome(c, 'L-erasmo', 'NA', new Date(), { operatorId: 'op-e', notes: `${erasmo.email} again` }),
    ]);
    await waitFor(async () => (await getJson<LeadDetail>(stack, '/api/v1/leads/L-erasmo', admin)).body.attempts === attempts + 1, { what: 'the late call applied' });
    const pg = await everyRow();
    for (const value of [erasmo.name, erasmo.phone, erasmo.email]) expect([value, pg.includes(value)]).toEqual([value, false]);
  });
});

describe('retention', () => {
  it('erases, on the worker’s schedule, the personal data of leads untouched past the tenant’s retention', async () => {
    const keeper = await createTenant(stack, `retention-${run}`);
    const token = await login(stack, keeper.adminEmail, keeper.adminPassword);
    const old = { source: 'web_form' as const, name: `Vecchio ${run}`, phone: `+39 340 ${digits}`, email: `vecchio.${run}@example.it` };
    const recent = { source: 'web_form' as const, name: `Recente ${run}`, phone: `+39 341 ${digits}`, email: `recente.${run}@example.it` };
    expect((await postEvents(stack, keeper.ingestKey, [leadCreated('c-ret', 'L-old', new Date(), { lead: old }), leadCreated('c-ret', 'L-recent', new Date(), { lead: recent })])).status).toBe(202);
    await waitFor(async () => (await getJson(stack, '/api/v1/leads/L-recent', token)).status === 200, { what: 'leads applied' });
    const before = (await getJson<CampaignMetrics>(stack, '/api/v1/campaigns/c-ret/metrics', token)).body.funnel;

    expect((await getJson<{ retentionMonths: number | null }>(stack, '/api/v1/admin/privacy', token)).body).toEqual({ retentionMonths: null });
    const bad = await call('/api/v1/admin/privacy', token, 'PUT', { retentionMonths: 0 });
    expect(bad.status).toBe(400);
    expect((await call('/api/v1/admin/privacy', token, 'PUT', { retentionMonths: 2 })).status).toBe(200);
    // L-old was last touched three months ago
    await db.query(`UPDATE leads SET updated_at = now() - interval '3 months' WHERE tenant_id = $1 AND id = 'L-old'`, [keeper.tenantId]);

    await waitFor(async () => (await getJson<LeadDetail>(stack, '/api/v1/leads/L-old', token)).body.contact?.name === null, { timeoutMs: 30_000, what: 'L-old erased by the schedule' });
    expect((await getJson<LeadDetail>(stack, '/api/v1/leads/L-recent', token)).body.contact).toEqual({ name: recent.name, phone: recent.phone, email: recent.email });
    expect((await getJson<CampaignMetrics>(stack, '/api/v1/campaigns/c-ret/metrics', token)).body.funnel).toEqual(before);
    const pg = await everyRow();
    for (const value of [old.name, old.phone, old.email]) expect([value, pg.includes(value)]).toEqual([value, false]);
    const audit = await getJson<{ event: string; actor: { kind: string } }[]>(stack, '/api/v1/security-audit?event=retention.erased', token);
    expect(audit.body[0]).toMatchObject({ event: 'retention.erased', actor: { kind: 'system' } });
  });
});
