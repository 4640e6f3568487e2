/**
 * The hot-lead queue against the real PostgreSQL: the order is the domain's `compareQueueEntries` whatever
 * the data, wall screens get initials and reason keys only, the CSV is in the order to call, and a target
 * change reorders the queue at once (in sets) and pushes `queue`.
 */
import { randomUUID } from 'node:crypto';
import { queueResponseSchema, type QueueChangedMessage } from '@leadboard/contracts';
import { compareQueueEntries } from '@leadboard/domain';
import { seededRandom } from '@leadboard/domain/testing';
import { createTestDatabase, type TestDatabase } from '@leadboard/server/testing';
import type { Principal } from '../auth/principal';
import type { LivePublisher } from '@leadboard/server';
import { ReadModelService } from '../read/read-model.service';
import { HotLeadQueueService, csvField } from './hot-lead-queue.service';
import { TargetSettingsService } from './target-settings.service';

let db: TestDatabase;
let queue: HotLeadQueueService;
beforeAll(async () => {
  db = await createTestDatabase('queue');
  queue = new HotLeadQueueService(db.ds, new ReadModelService(db.ds));
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

async function tenantWithCampaign(campaignId = 'c-q'): Promise<{ tenantId: string; user: Principal; wall: Principal }> {
  const tenantId = randomUUID();
  await db.ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'it']);
  await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, $2, $2)`, [tenantId, campaignId]);
  return {
    tenantId,
    user: { kind: 'user', tenantId, userId: randomUUID(), role: 'manager', email: 'm@example.com' },
    wall: { kind: 'wall', tenantId, keyId: randomUUID(), campaignIds: null },
  };
}

interface SeedLead {
  id: string;
  stage: string;
  priority: number;
  hot?: boolean;
  waitingSince: string | null;
  name?: string;
  phone?: string;
  email?: string;
}
async function seed(tenantId: string, leads: SeedLead[], campaignId = 'c-q'): Promise<void> {
  await db.ds.query(
    `INSERT INTO leads (tenant_id, id, campaign_id, stage, priority, hot, priority_reasons, waiting_since, name, phone, email)
     SELECT $1, x.id, $3, x.stage, x.priority, x.hot, '[{"key":"priority.noTarget","params":{"points":20}}]'::jsonb, x.waiting_since, x.name, x.phone, x.email
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, stage text, priority smallint, hot boolean, waiting_since timestamptz, name text, phone text, email text)`,
    [tenantId, JSON.stringify(leads.map((l) => ({ hot: false, ...l, waiting_since: l.waitingSince }))), campaignId],
  );
}

describe('GET /campaigns/{id}/queue', () => {
  it('orders open leads by priority, then the longest wait, then id, and leaves closed leads out', async () => {
    const { tenantId, user } = await tenantWithCampaign();
    const rand = seededRandom(7);
    const stages = ['new', 'contacted', 'prospect', 'opportunity', 'nurturing', 'customer', 'lost', 'dnc'];
    const leads: SeedLead[] = Array.from({ length: 300 }, (_, i) => ({
      id: `Q-${String(Math.floor(rand() * 1000)).padStart(3, '0')}-${i}`,
      stage: stages[Math.floor(rand() * stages.length)],
      priority: Math.floor(rand() * 6) * 10,
      waitingSince: rand() < 0.1 ? null : new Date(Date.parse('2026-11-30T08:00:00Z') + Math.floor(rand() * 5) * 60_000).toISOString(),
    }));
    await seed(tenantId, leads);
    const open = leads.filter((l) => ['new', 'contacted', 'prospect', 'opportunity', 'nurturing'].includes(l.stage));
    const expected = open.map((l) => ({ leadId: l.id, priority: l.priority, waitingSince: l.waitingSince })).sort(compareQueueEntries);
    const got = await queue.queue(user, 'c-q', 500);
    expect(queueResponseSchema.parse(got)).toBeTruthy();
    expect(got.items.map((i) => i.leadId)).toEqual(expected.map((e) => e.leadId));
    expect((await queue.queue(user, 'c-q', 10)).items.map((i) => i.leadId)).toEqual(expected.slice(0, 10).map((e) => e.leadId));
  });

  it('counts hot leads and the oldest wait; gives users the contact and wall screens initials only', async () => {
    const { tenantId, user, wall } = await tenantWithCampaign();
    await seed(tenantId, [
      { id: 'H-1', stage: 'new', priority: 90, hot: true, waitingSince: '2026-11-30T09:00:00.000Z', name: 'Maria De Luca', phone: '+39 333 1234567', email: 'maria@example.it' },
      { id: 'H-2', stage: 'prospect', priority: 40, hot: true, waitingSince: '2026-11-30T08:30:00.000Z', name: 'Jean Dupont', phone: '+33 6 12 34 56 78', email: 'jd@example.fr' },
      { id: 'N-1', stage: 'new', priority: 30, waitingSince: '2026-11-30T07:00:00.000Z', name: 'Ugo Neri' },
    ]);
    const forUser = await queue.queue(user, 'c-q', 50);
    expect(forUser).toMatchObject({ hotCount: 2, oldestHotWaitingSince: '2026-11-30T08:30:00.000Z', hotThreshold: 70, hotLeadSlaSeconds: 300 });
    expect(forUser.items[0]).toMatchObject({ leadId: 'H-1', initials: 'ML', contact: { name: 'Maria De Luca', phone: '+39 333 1234567', email: 'maria@example.it' } });

    const forWall = await queue.queue(wall, 'c-q', 50);
    expect(forWall.items.map((i) => [i.leadId, i.initials])).toEqual([
      ['H-1', 'ML'],
      ['H-2', 'JD'],
      ['N-1', 'UN'],
    ]);
    const text = JSON.stringify(forWall);
    for (const personal of ['Maria', 'Luca', 'Dupont', '333', 'example', 'Neri']) expect(text).not.toContain(personal);
    expect(forWall.items.every((i) => i.contact === undefined)).toBe(true);
  });

  it("gives users each lead's company (null without one), wall screens none", async () => {
    const { tenantId, user, wall } = await tenantWithCampaign();
    await seed(tenantId, [
      { id: 'A-1', stage: 'prospect', priority: 80, hot: true, waitingSince: '2026-11-30T09:00:00.000Z', name: 'Anna Rossi' },
      { id: 'A-2', stage: 'new', priority: 60, waitingSince: '2026-11-30T09:00:00.000Z', name: 'Bruno Verdi' },
      { id: 'N-1', stage: 'new', priority: 50, waitingSince: '2026-11-30T09:00:00.000Z', name: 'Carla Neri' },
    ]);
    await db.ds.query(`INSERT INTO accounts (tenant_id, id, name) VALUES ($1, 'acc-1', 'Ferramenta Rossi srl')`, [tenantId]);
    await db.ds.query(`UPDATE leads SET account_id = 'acc-1' WHERE tenant_id = $1 AND id IN ('A-1', 'A-2')`, [tenantId]);

    const forUser = await queue.queue(user, 'c-q', 50);
    expect(forUser.items.map((i) => [i.leadId, i.account])).toEqual([
      ['A-1', { accountId: 'acc-1', name: 'Ferramenta Rossi srl' }],
      ['A-2', { accountId: 'acc-1', name: 'Ferramenta Rossi srl' }],
      ['N-1', null],
    ]);
    expect(queueResponseSchema.parse(forUser).items[2].account).toBeNull();
    const forWall = await queue.queue(wall, 'c-q', 50);
    expect(forWall.items.map((i) => i.leadId)).toEqual(['A-1', 'A-2', 'N-1']);
    expect(forWall.items.every((i) => i.account === undefined)).toBe(true);
    expect(JSON.stringify(forWall)).not.toContain('Ferramenta');
  });

  it('answers 404 for a campaign a wall token may not see', async () => {
    const { tenantId } = await tenantWithCampaign();
    const limited: Principal = { kind: 'wall', tenantId, keyId: randomUUID(), campaignIds: ['other'] };
    await expect(queue.queue(limited, 'c-q', 10)).rejects.toMatchObject({ status: 404 });
  });
});

describe('queue.csv', () => {
  it('lists the queue in the order to call, with contact, reasons and wait, quoted for spreadsheets', async () => {
    const { tenantId, user } = await tenantWithCampaign();
    await seed(tenantId, [
      { id: 'C-2', stage: 'new', priority: 50, waitingSince: '2026-11-30T08:00:00.000Z', name: '=HYPERLINK("x")', phone: '+39 02 1234', email: 'a@b.it' },
      { id: 'C-1', stage: 'new', priority: 80, waitingSince: '2026-11-30T09:00:00.000Z', name: 'Rossi, Maria', phone: '+39 333 1', email: null as unknown as string },
      { id: 'C-3', stage: 'lost', priority: 0, waitingSince: null, name: 'Closed' },
    ]);
    const csv = await queue.csv(user, 'c-q', 100);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFlead_id,name,phone,email,priority,hot,reasons,waiting_since,stage',
      'C-1,"Rossi, Maria",+39 333 1,,80,no,noTarget+20,2026-11-30T09:00:00.000Z,new',
      `C-2,"'=HYPERLINK(""x"")",+39 02 1234,a@b.it,50,no,noTarget+20,2026-11-30T08:00:00.000Z,new`,
      '',
    ]);
  });

  it('guards formulas but keeps phone numbers', () => {
    expect(csvField('+39 333 1234567')).toBe('+39 333 1234567');
    expect(csvField('-12')).toBe('-12');
    expect(csvField('+cmd|calc')).toBe("'+cmd|calc");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });
});

describe('a target change', () => {
  it('recomputes the campaign at once, in sets, reorders the queue and pushes queue', async () => {
    const { tenantId, user } = await tenantWithCampaign('c-t');
    const old = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    await db.ds.query(
      `INSERT INTO leads (tenant_id, id, campaign_id, stage, attributes, first_event_at, last_event_at, name)
       VALUES ($1, 'T-hotel', 'c-t', 'new', '{"sector": "Hotels"}', $2, $2, 'A B'),
              ($1, 'T-retail', 'c-t', 'new', '{"sector": "retail", "company_employees": "250"}', $2, $2, 'C D'),
              ($1, 'T-lost', 'c-t', 'lost', '{"sector": "hotels"}', $2, $2, 'E F')`,
      [tenantId, old],
    );
    const pushed: QueueChangedMessage[] = [];
    const live = { queueChanged: (_t: string, m: QueueChangedMessage) => pushed.push(m) } as unknown as LivePublisher;
    const targets = new TargetSettingsService(db.ds, live);

    await targets.apply(tenantId, 'c-t', { target: [{ field: 'sector', op: 'eq', value: 'hotels', weight: 30 }] });
    let q = await queue.queue(user, 'c-t', 10);
    expect(q.items.map((i) => [i.leadId, i.priority])).toEqual([
      ['T-hotel', 30],
      ['T-retail', 0],
    ]);
    expect(q.items[0].reasons).toEqual([{ key: 'priority.targetFit', params: { points: 30, matched: 1, rules: 1 } }]);
    // T-retail was 0 and stays 0 (never computed, no rule met): one lead changed.
    expect(pushed).toEqual([expect.objectContaining({ campaignId: 'c-t', cause: 'target', changed: 1 })]);

    await targets.apply(tenantId, 'c-t', { target: [{ field: 'company.employees', op: 'gte', value: 100, weight: 40 }], hotThreshold: 40 });
    q = await queue.queue(user, 'c-t', 10);
    expect(q.items.map((i) => [i.leadId, i.priority, i.hot])).toEqual([
      ['T-retail', 40, true],
      ['T-hotel', 0, false],
    ]);
    expect(q).toMatchObject({ hotThreshold: 40, hotCount: 1 });
    expect(await targets.read(tenantId, 'c-t')).toEqual({ target: [{ field: 'company.employees', op: 'gte', value: 100, weight: 40 }], hotThreshold: 40 });

    // The same settings again: nothing recomputed, nothing pushed.
    await targets.apply(tenantId, 'c-t', { hotThreshold: 40 });
    expect(pushed).toHaveLength(2);
  });
});
