/**
 * Erasure and retention against the real PostgreSQL and Redis: every store loses the erased lead's
 * personal data and keeps its facts; other leads are untouched; erasing again changes nothing more.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IngestEvent } from '@leadboard/contracts';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { EVENTS_QUEUE, type IngestBatchJob } from '../queue/event-queue';
import { redisOptions } from '../queue/redis-connection';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { eventsQueueStep } from './erasure-steps';
import { LeadErasure } from './lead-erasure';
import { RetentionSweep } from './retention-sweep';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const prefix = `lbit-erasure-${randomBytes(4).toString('hex')}`;
const maria = { name: 'Maria Rossi', phone: '+39 333 1234567', email: 'maria.rossi@example.it' };
const luca = { name: 'Luca Bianchi', phone: '+39 347 7654321', email: 'luca.bianchi@example.it' };

let db: TestDatabase;
let queue: Queue<IngestBatchJob>;
let erasure: LeadErasure;
let tenantId: string;

const created = (leadId: string, who: typeof maria): IngestEvent => ({
  eventId: `lc-${leadId}`,
  type: 'lead.created',
  occurredAt: '2026-11-23T09:00:00.000Z',
  campaignId: 'c-1',
  leadId,
  lead: { source: 'web_form', ...who, attributes: { form: `form of ${who.name}` } },
});
const call = (leadId: string, who: typeof maria): IngestEvent => ({
  eventId: `co-${leadId}`,
  type: 'call.outcome',
  occurredAt: '2026-11-23T09:05:00.000Z',
  campaignId: 'c-1',
  leadId,
  operatorId: 'op-1',
  disposition: 'INTERESTED',
  talkSeconds: 60,
  wrapSeconds: 5,
  notes: `${who.name} wants a demo`,
});

async function insertLead(leadId: string, who: typeof maria): Promise<void> {
  await db.ds.query(
    `INSERT INTO leads (tenant_id, id, campaign_id, stage, name, phone, email, attributes, attempts) VALUES ($1, $2, 'c-1', 'prospect', $3, $4, $5, $6, 1)`,
    [tenantId, leadId, who.name, who.phone, who.email, JSON.stringify({ form: `form of ${who.name}` })],
  );
  for (const e of [created(leadId, who), call(leadId, who)]) {
    await db.ds.query(
      `INSERT INTO events (tenant_id, event_id, type, campaign_id, lead_id, occurred_at, disposition, payload) VALUES ($1, $2, $3, 'c-1', $4, $5, $6, $7)`,
      [tenantId, e.eventId, e.type, leadId, e.occurredAt, e.type === 'call.outcome' ? 'INTERESTED' : null, JSON.stringify(e)],
    );
  }
  await db.ds.query(
    `INSERT INTO audit_log (tenant_id, action, lead_id, campaign_id, to_operator_id, reason, actor_kind) VALUES ($1, 'reassigned', $2, 'c-1', 'op-2', $3, 'system')`,
    [tenantId, leadId, `${who.name} asked for a senior`],
  );
}

async function dump(sql: string, params: unknown[] = [tenantId]): Promise<string> {
  return JSON.stringify(await db.ds.query(sql, params));
}

beforeAll(async () => {
  db = await createTestDatabase('lead_erasure');
  queue = new Queue<IngestBatchJob>(EVENTS_QUEUE, { connection: redisOptions(REDIS_URL, 'client'), prefix });
  erasure = new LeadErasure(db.ds, [eventsQueueStep(queue)]);
  tenantId = randomUUID();
  await db.ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'it']);
  await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'c-1', 'one')`, [tenantId]);
  await insertLead('L-maria', maria);
  await insertLead('L-luca', luca);
  await db.ds.query(`INSERT INTO dead_letters (tenant_id, job_id, events, error, attempts) VALUES ($1, 'j-dead', $2, 'boom', 8)`, [
    tenantId,
    JSON.stringify([created('L-maria', maria), call('L-luca', luca)]),
  ]);
  // a CSV row rejected for its malformed number that still quotes Maria, and one that does not
  const importId = randomUUID();
  await db.ds.query(`INSERT INTO imports (id, tenant_id, campaign_id, source) VALUES ($1, $2, 'c-1', 'purchased_list')`, [importId, tenantId]);
  await db.ds.query(
    `INSERT INTO import_rejected_rows (import_id, tenant_id, row_no, column_name, message, cells) VALUES ($1, $4, 7, 'telefono', 'not a phone number', $2), ($1, $4, 8, 'telefono', 'not a phone number', $3)`,
    [importId, ['MARIA ROSSI', '333-12', maria.email], ['Gianni Verdi', '12', ''], tenantId],
  );
  // a batch still waiting in the queue, and one of another tenant naming the same lead id
  await queue.add('ingest-batch', { tenantId, receivedAt: new Date().toISOString(), events: [call('L-maria', maria), created('L-luca', luca)] });
  await queue.add('ingest-batch', { tenantId: randomUUID(), receivedAt: new Date().toISOString(), events: [call('L-maria', maria)] });
}, 60_000);

afterAll(async () => {
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  const redis = new IORedis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await db?.drop();
});

describe('LeadErasure', () => {
  it('removes the lead’s name, phone, e-mail, attributes and notes from every store and keeps the facts', async () => {
    const result = await erasure.erase(tenantId, ['L-maria'], { kind: 'user', id: randomUUID(), ip: '127.0.0.1' });
    expect(result.leadIds).toEqual(['L-maria']);
    expect(result.stores).toEqual({ events: 2, dead_letters: 1, audit_log: 1, import_rejected_rows: 1, leads: 1, [`queue:${EVENTS_QUEUE}`]: 1 });

    const everything = [
      await dump(`SELECT * FROM leads WHERE tenant_id = $1 AND id = 'L-maria'`),
      await dump(`SELECT payload FROM events WHERE tenant_id = $1 AND lead_id = 'L-maria'`),
      await dump(`SELECT events FROM dead_letters WHERE tenant_id = $1`),
      await dump(`SELECT reason FROM audit_log WHERE tenant_id = $1 AND lead_id = 'L-maria'`),
      await dump(`SELECT cells FROM import_rejected_rows`, []),
      JSON.stringify((await queue.getJobs(['waiting'])).filter((j) => j.data.tenantId === tenantId).map((j) => j.data)),
    ].join('\n');
    for (const value of [...Object.values(maria), 'form of Maria']) expect(everything).not.toContain(value);

    const [lead] = (await db.ds.query(`SELECT stage, attempts, name, erased_at FROM leads WHERE tenant_id = $1 AND id = 'L-maria'`, [tenantId])) as Record<string, unknown>[];
    expect(lead).toMatchObject({ stage: 'prospect', attempts: 1, name: null });
    expect(lead.erased_at).not.toBeNull();
    const [stored] = (await db.ds.query(`SELECT payload FROM events WHERE tenant_id = $1 AND event_id = 'co-L-maria'`, [tenantId])) as { payload: Record<string, unknown> }[];
    const { notes: _notes, ...facts } = call('L-maria', maria) as IngestEvent & { notes?: string };
    expect(stored.payload).toEqual(facts);
    const [createdRow] = (await db.ds.query(`SELECT payload FROM events WHERE tenant_id = $1 AND event_id = 'lc-L-maria'`, [tenantId])) as { payload: { lead: unknown } }[];
    expect(createdRow.payload.lead).toEqual({ source: 'web_form' });
    expect(await dump(`SELECT reason FROM audit_log WHERE tenant_id = $1 AND lead_id = 'L-maria'`)).toContain('[erased] asked for a senior');
    const rejected = (await db.ds.query(`SELECT row_no, message, cells FROM import_rejected_rows ORDER BY row_no`)) as { row_no: number; message: string; cells: string[] }[];
    expect(rejected).toEqual([
      { row_no: 7, message: 'not a phone number', cells: ['[erased]', '333-12', '[erased]'] },
      { row_no: 8, message: 'not a phone number', cells: ['Gianni Verdi', '12', ''] },
    ]);
  });

  it('leaves the other leads, and other tenants’ jobs, as they were', async () => {
    const luca_ = [
      await dump(`SELECT name, phone, email FROM leads WHERE tenant_id = $1 AND id = 'L-luca'`),
      await dump(`SELECT payload FROM events WHERE tenant_id = $1 AND lead_id = 'L-luca'`),
      await dump(`SELECT events FROM dead_letters WHERE tenant_id = $1`),
      JSON.stringify((await queue.getJobs(['waiting'])).map((j) => j.data)),
    ].join('\n');
    for (const value of Object.values(luca)) expect(luca_).toContain(value);
    const other = (await queue.getJobs(['waiting'])).find((j) => j.data.tenantId !== tenantId);
    expect(JSON.stringify(other?.data)).toContain(maria.name);
  });

  it('audits the erasure without personal data, and erasing again changes nothing more', async () => {
    const again = await erasure.erase(tenantId, ['L-maria', 'L-unknown'], { kind: 'user', id: null });
    expect(again).toMatchObject({ leadIds: ['L-maria', 'L-unknown'], found: true });
    expect(Object.values(again.stores).every((n) => n === 0)).toBe(true);
    const audit = (await db.ds.query(`SELECT event, target_kind, target_id, detail::text AS detail FROM security_audit WHERE tenant_id = $1 AND event = 'lead.erased' ORDER BY id`, [tenantId])) as {
      target_id: string;
      detail: string;
    }[];
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ target_id: 'L-maria' });
    expect(audit.map((a) => a.detail).join()).not.toMatch(/Maria|example/);
    expect((await erasure.erase(tenantId, ['L-unknown'], { kind: 'user', id: null })).found).toBe(false);
  });

  it('erases a lead known only to a dead letter and the queue (its batch never applied)', async () => {
    await db.ds.query(`INSERT INTO dead_letters (tenant_id, job_id, events, error, attempts) VALUES ($1, 'j-only', $2, 'boom', 8)`, [
      tenantId,
      JSON.stringify([created('L-ghost', luca)]),
    ]);
    await queue.add('ingest-batch', { tenantId, receivedAt: new Date().toISOString(), events: [created('L-ghost', luca)] });
    const r = await erasure.erase(tenantId, ['L-ghost'], { kind: 'user', id: null });
    expect(r).toMatchObject({ found: true, stores: { leads: 0, dead_letters: 1, [`queue:${EVENTS_QUEUE}`]: 1 } });
    expect(await dump(`SELECT events FROM dead_letters WHERE tenant_id = $1 AND job_id = 'j-only'`)).not.toContain('Luca');
  });
});

describe('RetentionSweep', () => {
  it('erases the leads untouched for the tenant’s retention, and only once', async () => {
    const sweep = new RetentionSweep(db.ds, erasure);
    expect(await sweep.sweep()).toEqual([]);
    await db.ds.query(`UPDATE tenants SET retention_months = 6 WHERE id = $1`, [tenantId]);
    expect(await sweep.sweep()).toEqual([]);
    const later = new Date(Date.now() + 7 * 31 * 24 * 3600_000);
    expect(await sweep.sweep(later)).toEqual([{ tenantId, leads: 1 }]);
    expect(await dump(`SELECT name, phone, email FROM leads WHERE tenant_id = $1`)).not.toMatch(/Luca|example/);
    expect(await sweep.sweep(later)).toEqual([]);
    const [row] = (await db.ds.query(`SELECT actor_kind, detail->>'leads' AS leads FROM security_audit WHERE tenant_id = $1 AND event = 'retention.erased'`, [tenantId])) as Record<string, string>[];
    expect(row).toEqual({ actor_kind: 'system', leads: '1' });
  });
});
