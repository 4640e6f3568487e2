/**
 * The engine behind the tenant walls, against the real PostgreSQL: the applier on a data source that
 * works as `leadboard_app` (the worker's own options: startup `SET ROLE`, tenant-scoped transactions)
 * applies a set that mixes two tenants — one transaction per tenant, every statement, the sequence
 * allocator and the after-write steps included, admitted by the forced policies — and each tenant's
 * rows end as if it had been alone, read back as the owner.
 */
import { randomUUID } from 'node:crypto';
import type { IngestEvent } from '@leadboard/contracts';
import { APP_DATABASE_ROLE, appDataSourceOptions, initializeScopedDataSource, runInTenantScope, type IngestBatchJob } from '@leadboard/server';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import type { DataSource } from 'typeorm';
import { AccountStep } from '../accounts/account-step';
import { KnownCustomerStep } from '../classification/known-customer-flagger';
import { EventApplier } from './event-applier';

const T0 = Date.parse('2026-11-23T08:00:00Z');
const at = (m: number) => new Date(T0 + m * 60_000).toISOString();

let db: TestDatabase;
let app: DataSource;
const a = randomUUID();
const b = randomUUID();

beforeAll(async () => {
  db = await createTestDatabase('applier_walls');
  for (const t of [a, b]) await db.ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [t, `walls ${t.slice(0, 4)}`]);
  app = await initializeScopedDataSource(appDataSourceOptions({ databaseUrl: db.url }, 3));
});

afterAll(async () => {
  await app?.destroy();
  await db?.drop();
});

/** The same lead, campaign and operator ids in both tenants: only the wall keeps them apart. */
function history(tag: string): IngestEvent[] {
  return [
    { eventId: `${tag}-created`, type: 'lead.created', occurredAt: at(0), campaignId: 'c-1', leadId: 'L-1', lead: { source: 'web_form', name: `Lead ${tag}`, phone: '+39 333 000 0001', company: { name: `Company ${tag}` } } },
    { eventId: `${tag}-state`, type: 'operator.state', occurredAt: at(1), operatorId: 'op-1', state: 'available', operator: { name: `Operator ${tag}` } },
    { eventId: `${tag}-call`, type: 'call.outcome', occurredAt: at(2), campaignId: 'c-1', leadId: 'L-1', operatorId: 'op-1', disposition: 'INTERESTED', talkSeconds: 60, wrapSeconds: 5 },
  ];
}

const job = (tenantId: string, events: IngestEvent[]): IngestBatchJob => ({ tenantId, receivedAt: at(3), events });

describe('the engine as leadboard_app', () => {
  it('works as the application role, which sees nothing outside a tenant scope', async () => {
    expect(await app.query(`SELECT current_user AS role`)).toEqual([{ role: APP_DATABASE_ROLE }]);
    await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'seen-by-owner', 'x')`, [a]);
    expect(await app.query(`SELECT count(*)::int AS n FROM campaigns`)).toEqual([{ n: 0 }]);
    expect(await runInTenantScope(a, () => app.query(`SELECT id FROM campaigns`))).toEqual([{ id: 'seen-by-owner' }]);
  });

  it('applies a set mixing two tenants, one transaction each, every tenant walled to its own rows', async () => {
    const applier = new EventApplier(app, { afterLeadsWritten: [new KnownCustomerStep(), new AccountStep()] });
    // Interleaved jobs of both tenants, and the first tenant's events again (a duplicate within the set).
    const [first, second] = [a, b].sort();
    const set = await applier.applySet([job(second, history('s').slice(0, 2)), job(first, history('f')), job(second, history('s').slice(2)), job(first, history('f').slice(0, 1))]);

    expect(set.results.map((r) => [r.tenantId, r.applied, r.duplicates])).toEqual([
      [first, 3, 1],
      [second, 3, 0],
    ]);
    expect(set.jobs).toEqual([
      { applied: 2, duplicates: 0, transitions: 1 },
      { applied: 3, duplicates: 0, transitions: 2 },
      { applied: 1, duplicates: 0, transitions: 1 },
      { applied: 0, duplicates: 1, transitions: 0 },
    ]);
    // Each tenant numbered its own campaign `c-1` from its own seq: two transitions, then the account's change.
    for (const r of set.results) {
      expect(r.transitions.map((t) => [t.to, t.seq])).toEqual([['new', 1], ['contacted', 2]]);
      expect(r.accounts.map((x) => x.seq)).toEqual([3]);
    }

    // Read back as the owner: each tenant holds its own rows only, written through the forced policies.
    for (const [tenantId, tag] of [[first, 'f'], [second, 's']] as const) {
      const owner = async (sql: string) => db.ds.query(sql, [tenantId]);
      expect(await owner(`SELECT id, stage, name FROM leads WHERE tenant_id = $1`)).toEqual([{ id: 'L-1', stage: 'contacted', name: `Lead ${tag}` }]);
      expect(await owner(`SELECT event_id FROM events WHERE tenant_id = $1 ORDER BY event_id`)).toEqual(['call', 'created', 'state'].map((e) => ({ event_id: `${tag}-${e}` })));
      expect(await owner(`SELECT name FROM operators WHERE tenant_id = $1`)).toEqual([{ name: `Operator ${tag}` }]);
      expect(await owner(`SELECT seq::int AS seq FROM campaigns WHERE tenant_id = $1 AND id = 'c-1'`)).toEqual([{ seq: 3 }]);
      expect(await owner(`SELECT count(*)::int AS n FROM stage_transitions WHERE tenant_id = $1`)).toEqual([{ n: 2 }]);
      expect(await owner(`SELECT stage_contacted::int AS contacted FROM campaign_stats WHERE tenant_id = $1 AND campaign_id = 'c-1'`)).toEqual([{ contacted: 1 }]);
      expect(await owner(`SELECT name FROM accounts WHERE tenant_id = $1`)).toEqual([{ name: `Company ${tag}` }]);
      expect(await owner(`SELECT priority_at IS NOT NULL AS computed FROM leads WHERE tenant_id = $1`)).toEqual([{ computed: true }]);
    }

    // In one tenant's scope, the other's rows are not there at all, whatever the query says.
    expect(await runInTenantScope(first, () => app.query(`SELECT DISTINCT tenant_id FROM events`))).toEqual([{ tenant_id: first }]);
    expect(await runInTenantScope(first, () => app.query(`SELECT count(*)::int AS n FROM leads WHERE tenant_id = $1`, [second]))).toEqual([{ n: 0 }]);
  });

  it('refuses a statement that names another tenant than its transaction', async () => {
    await expect(
      runInTenantScope(a, () => app.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'smuggled', 'x')`, [b])),
    ).rejects.toThrow(/row-level security/);
  });
});
