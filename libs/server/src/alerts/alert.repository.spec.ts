/** Alerts and hysteresis in the real PostgreSQL: one open alert per rule, the lifecycle, tenant scoping. */
import { randomUUID } from 'node:crypto';
import { dncViolationFinding, type RuleFinding } from '@leadboard/domain';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { AlertRepository } from './alert.repository';

const NOW = new Date('2026-11-23T10:30:00Z');

let db: TestDatabase;
let repo: AlertRepository;
let tenantId: string;
let otherTenant: string;

const finding = (rule: RuleFinding['rule'], value = 0.2): RuleFinding => ({
  rule,
  severity: rule === 'drop_rate' ? 'critical' : 'warning',
  firing: true,
  value,
  threshold: 0.1,
  message: `${rule} message`,
  messageKey: 'alerts.drop_rate.rate',
  params: { ratePercent: 20 },
});

const dnc = (campaignId: string, eventId: string) => ({
  campaignId,
  eventId,
  finding: dncViolationFinding({ leadId: 'L-1', operatorId: 'op-1', at: NOW.toISOString() }),
});

beforeAll(async () => {
  db = await createTestDatabase('alert_repository');
  repo = new AlertRepository(db.ds);
  tenantId = randomUUID();
  otherTenant = randomUUID();
  for (const t of [tenantId, otherTenant]) {
    await db.ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [t, 'it']);
    await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'c-1', 'one'), ($1, 'c-2', 'two'), ($1, 'c-idle', 'idle')`, [t]);
  }
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

describe('AlertRepository', () => {
  it('keeps one open alert per campaign and rule, and a new one after it resolved', async () => {
    const first = await repo.insertRaised(tenantId, 'c-1', finding('drop_rate'), NOW);
    expect(first).toMatchObject({ campaignId: 'c-1', rule: 'drop_rate', severity: 'critical', state: 'raised', value: 0.2, threshold: 0.1, raisedAt: NOW.toISOString() });
    expect(await repo.insertRaised(tenantId, 'c-1', finding('drop_rate'), NOW)).toBeNull();
    expect(await repo.insertRaised(otherTenant, 'c-1', finding('drop_rate'), NOW)).not.toBeNull();

    const resolved = await repo.resolveOpen(tenantId, 'c-1', 'drop_rate', NOW);
    expect(resolved.map((a) => [a.id, a.state])).toEqual([[first!.id, 'resolved']]);
    expect(await repo.resolveOpen(tenantId, 'c-1', 'drop_rate', NOW)).toEqual([]);
    expect(await repo.insertRaised(tenantId, 'c-1', finding('drop_rate'), NOW)).not.toBeNull();
  });

  it('acknowledges once, answers an acknowledged alert as it is, and tells a resolved or unknown one', async () => {
    const alert = (await repo.insertRaised(tenantId, 'c-2', finding('speed_to_lead_breach', 12), NOW))!;
    const acked = await repo.acknowledge(tenantId, alert.id, 'sup@example.com', NOW);
    expect(acked).toMatchObject({ outcome: 'acknowledged', alert: { state: 'acknowledged', acknowledgedBy: 'sup@example.com', acknowledgedAt: NOW.toISOString() } });
    expect(await repo.acknowledge(tenantId, alert.id, 'other@example.com')).toMatchObject({ outcome: 'unchanged', alert: { acknowledgedBy: 'sup@example.com' } });
    expect(await repo.acknowledge(otherTenant, alert.id, 'x@example.com')).toEqual({ outcome: 'not_found' });
    // An acknowledged rule alert is still resolved by the evaluator.
    expect((await repo.resolveOpen(tenantId, 'c-2', 'speed_to_lead_breach', NOW)).map((a) => a.state)).toEqual(['resolved']);
    expect(await repo.acknowledge(tenantId, alert.id, 'sup@example.com')).toMatchObject({ outcome: 'resolved' });
  });

  it('raises one dnc alert per call, never resolves it, and an acknowledged one is no longer open', async () => {
    const raised = await repo.insertDncViolations(tenantId, [dnc('c-2', 'e-1'), dnc('c-2', 'e-2')], NOW);
    expect(raised.map((a) => [a.rule, a.severity, a.state])).toEqual([
      ['dnc_violation', 'critical', 'raised'],
      ['dnc_violation', 'critical', 'raised'],
    ]);
    expect(await repo.insertDncViolations(tenantId, [dnc('c-2', 'e-1')], NOW)).toEqual([]);
    expect(await repo.resolveOpen(tenantId, 'c-2', 'dnc_violation', NOW)).toEqual([]);

    await repo.acknowledge(tenantId, raised[0].id, 'sup@example.com');
    const open = await repo.openForCampaign(tenantId, 'c-2');
    expect(open.map((a) => a.id)).toEqual([raised[1].id]);
    expect((await repo.list(tenantId, { state: 'open', campaignIds: ['c-2'] })).map((a) => a.id)).toEqual([raised[1].id]);
    expect((await repo.list(tenantId, { state: 'acknowledged', campaignIds: ['c-2'] })).map((a) => a.id)).toEqual([raised[0].id]);
  });

  it('lists by state and campaigns, within the tenant only', async () => {
    const all = await repo.list(tenantId);
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(new Set((await repo.list(tenantId, { campaignIds: ['c-1'] })).map((a) => a.campaignId))).toEqual(new Set(['c-1']));
    expect(await repo.list(tenantId, { campaignIds: [] })).toEqual([]);
    expect((await repo.list(tenantId, { state: 'resolved' })).every((a) => a.state === 'resolved')).toBe(true);
    expect((await repo.list(otherTenant)).map((a) => a.rule)).toEqual(['drop_rate']);
  });

  it('stores the hysteresis state of each rule', async () => {
    expect((await repo.loadHysteresis(tenantId, 'c-1')).size).toBe(0);
    await repo.saveHysteresis(tenantId, 'c-1', [
      { rule: 'drop_rate', state: { raised: true, trueStreak: 2, falseStreak: 0 } },
      { rule: 'closer_overload', state: { raised: false, trueStreak: 1, falseStreak: 0 } },
    ]);
    await repo.saveHysteresis(tenantId, 'c-1', [{ rule: 'drop_rate', state: { raised: true, trueStreak: 0, falseStreak: 1 } }]);
    expect(Object.fromEntries(await repo.loadHysteresis(tenantId, 'c-1'))).toEqual({
      drop_rate: { raised: true, trueStreak: 0, falseStreak: 1 },
      closer_overload: { raised: false, trueStreak: 1, falseStreak: 0 },
    });
  });

  it('evaluates campaigns with recent activity, open rule alerts or pending hysteresis, not idle ones', async () => {
    const t = randomUUID();
    await db.ds.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [t, 'due']);
    await db.ds.query(
      `INSERT INTO campaigns (tenant_id, id, name, alert_thresholds) VALUES
         ($1, 'active', 'a', '{"dropRateMax": 0.05}'), ($1, 'old', 'o', NULL), ($1, 'alerted', 'x', NULL),
         ($1, 'pending', 'p', NULL), ($1, 'dnc-only', 'd', NULL), ($1, 'idle', 'i', NULL)`,
      [t],
    );
    const since = new Date(NOW.getTime() - 24 * 3600_000);
    await db.ds.query(`INSERT INTO campaign_hour_stats (tenant_id, campaign_id, bucket, calls) VALUES ($1, 'active', date_trunc('hour', $2::timestamptz), 1)`, [t, NOW]);
    await db.ds.query(`INSERT INTO campaign_hour_stats (tenant_id, campaign_id, bucket, calls) VALUES ($1, 'old', $2::timestamptz - interval '2 days', 1)`, [t, NOW]);
    await repo.insertRaised(t, 'alerted', finding('drop_rate'), NOW);
    await repo.insertDncViolations(t, [dnc('dnc-only', 'e-9')], NOW);
    await repo.saveHysteresis(t, 'pending', [{ rule: 'prospects_waiting', state: { raised: false, trueStreak: 1, falseStreak: 0 } }]);
    await repo.saveHysteresis(t, 'idle', [{ rule: 'prospects_waiting', state: { raised: false, trueStreak: 0, falseStreak: 2 } }]);
    const due = await repo.campaignsToEvaluate(since, t);
    expect(due).toEqual([
      { tenantId: t, campaignId: 'active', alertThresholds: { dropRateMax: 0.05 } },
      { tenantId: t, campaignId: 'alerted', alertThresholds: null },
      { tenantId: t, campaignId: 'pending', alertThresholds: null },
    ]);
  });

  it('allocates consecutive seqs from the campaign', async () => {
    const [first] = await repo.allocateSeqs(tenantId, 'c-idle', 1);
    expect(await repo.allocateSeqs(tenantId, 'c-idle', 3)).toEqual([first + 1, first + 2, first + 3]);
    expect(await repo.allocateSeqs(tenantId, 'c-idle', 0)).toEqual([]);
  });
});
