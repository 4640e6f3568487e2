/** The alert figures read from counters and bounded lead queries, against the real PostgreSQL. */
import { randomUUID } from 'node:crypto';
import { DEFAULT_ALERT_THRESHOLDS, prospectWaitReason, type HotLeadClocks } from '@leadboard/domain';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { AlertInputsReader } from './alert-inputs.reader';

const NOW = new Date('2026-11-23T10:30:20Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let db: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDatabase('alert_inputs');
  tenantId = randomUUID();
  const q = (sql: string, params: unknown[] = []) => db.ds.query(sql, params);
  await q('INSERT INTO tenants (id, name) VALUES ($1, $2)', [tenantId, 'it']);
  await q(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'c-1', 'one'), ($1, 'c-2', 'two')`, [tenantId]);
  await q(
    `INSERT INTO operators (tenant_id, id, name, seniority, state, campaign_id) VALUES
       ($1, 'op-a', 'Marco', 'senior', 'on_call', 'c-1'),
       ($1, 'op-e', NULL, 'senior', 'available', 'c-1'),
       ($1, 'op-d', 'Off', 'senior', 'offline', 'c-1'),
       ($1, 'op-c', 'Elsewhere', 'senior', 'available', 'c-2'),
       ($1, 'op-j', 'Junior', 'junior', 'available', 'c-1')`,
    [tenantId],
  );
  const lead = (id: string, campaign: string, stage: string, owner: string | null, first: Date, last: Date) =>
    q(
      // The applier sets stage_since with the stage; for a lead still new it is its first event's time.
      `INSERT INTO leads (tenant_id, id, campaign_id, stage, owner_operator_id, first_event_at, last_event_at, stage_since)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $6)`,
      [tenantId, id, campaign, stage, owner, first, last],
    );
  // Still new: three past the 5 min SLA, one within it, one in another campaign.
  for (const id of ['N-1', 'N-2', 'N-3']) await lead(id, 'c-1', 'new', null, ago(10 * MIN), ago(10 * MIN));
  await lead('N-4', 'c-1', 'new', null, ago(1 * MIN), ago(1 * MIN));
  await lead('N-5', 'c-2', 'new', null, ago(DAY), ago(DAY));
  // Prospects: with nobody and with a junior for a day, with a senior untouched 3 h (waiting); with a senior, recent (not).
  await lead('P-1', 'c-1', 'prospect', null, ago(DAY), ago(MIN));
  await lead('P-2', 'c-1', 'prospect', 'op-j', ago(DAY), ago(MIN));
  await lead('P-3', 'c-1', 'prospect', 'op-a', ago(DAY), ago(MIN));
  await lead('P-4', 'c-1', 'opportunity', 'op-a', ago(DAY), ago(3 * HOUR));
  await lead('P-5', 'c-1', 'opportunity', 'op-a', ago(DAY), ago(MIN));
  await lead('C-1', 'c-1', 'customer', 'op-j', ago(DAY), ago(DAY));

  const bucket = (table: string, campaign: string, at: Date, unit: 'minute' | 'hour', cols: Record<string, number>) =>
    q(
      `INSERT INTO ${table} (tenant_id, campaign_id, bucket, ${Object.keys(cols).join(', ')})
       VALUES ($1, $2, date_trunc('${unit}', $3::timestamptz), ${Object.keys(cols).map((_, i) => `$${4 + i}`).join(', ')})`,
      [tenantId, campaign, at, ...Object.values(cols)],
    );
  await bucket('campaign_minute_stats', 'c-1', ago(30 * MIN), 'minute', { contacts: 10, into_prospect: 1 });
  await bucket('campaign_minute_stats', 'c-1', NOW, 'minute', { contacts: 2, into_prospect: 1 });
  await bucket('campaign_minute_stats', 'c-1', ago(61 * MIN), 'minute', { contacts: 100, into_prospect: 50 });
  await bucket('campaign_minute_stats', 'c-2', ago(5 * MIN), 'minute', { contacts: 7 });
  await bucket('campaign_hour_stats', 'c-1', ago(2 * HOUR), 'hour', { contacts: 100, into_prospect: 40, dropped: 5 });
  await bucket('campaign_hour_stats', 'c-1', ago(10 * DAY), 'hour', { contacts: 50, into_prospect: 0, dropped: 10 });
  await bucket('campaign_hour_stats', 'c-1', ago(40 * DAY), 'hour', { contacts: 1000, dropped: 99 });
  await bucket('campaign_hour_stats', 'c-2', ago(HOUR), 'hour', { contacts: 1, dropped: 1 });

  await q(
    `INSERT INTO operator_lead_counts (tenant_id, operator_id, campaign_id, stage, leads) VALUES
       ($1, 'op-a', 'c-1', 'prospect', 1), ($1, 'op-a', 'c-1', 'opportunity', 2), ($1, 'op-a', 'c-1', 'contacted', 9),
       ($1, 'op-d', 'c-1', 'prospect', 0), ($1, 'op-c', 'c-2', 'prospect', 4), ($1, 'op-j', 'c-1', 'prospect', 1)`,
    [tenantId],
  );
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

describe('AlertInputsReader', () => {
  it('reads every figure the rules need', async () => {
    const inputs = await new AlertInputsReader(db.ds).read(tenantId, 'c-1', NOW, DEFAULT_ALERT_THRESHOLDS);
    expect(inputs).toEqual({
      // The minute buckets of the last hour, the current one included; not the one 61 min ago.
      lastHour: { contacts: 12, prospects: 2 },
      // Hour buckets of the last 7 days.
      trailingProspectPerContacted: 0.4,
      newLeadsPastSla: 3,
      prospectsWaiting: 3,
      // Seniors with open prospects here, or working here and not offline; not the one working elsewhere.
      seniors: [
        { operatorId: 'op-a', name: 'Marco', openProspects: 3 },
        { operatorId: 'op-e', name: null, openProspects: 0 },
      ],
      // 30 days: 15 dropped, 150 contacts + 15 dropped.
      drop30d: { dropped: 15, liveAnswered: 165 },
      hotLeadsWaiting: { leads: 0, oldestWaitSeconds: null },
    });
  });

  it('follows the SLAs of the thresholds', async () => {
    const inputs = await new AlertInputsReader(db.ds).read(tenantId, 'c-1', NOW, {
      ...DEFAULT_ALERT_THRESHOLDS,
      speedToLeadSlaSeconds: 30,
      prospectHandoffSlaSeconds: 30,
      prospectFollowUpSlaSeconds: 30,
    });
    expect(inputs.newLeadsPastSla).toBe(4);
    expect(inputs.prospectsWaiting).toBe(5);
  });

  describe('prospects waiting for a closer, one lead per campaign, as the domain defines it (hand-off 15 min, follow-up 2 h)', () => {
    interface Case {
      name: string;
      stage: 'prospect' | 'opportunity';
      owner: string | null;
      stageSince: Date | null;
      lastEventAt: Date | null;
      transitions?: [from: string | null, to: string, at: Date][];
      reassigned?: [to: string, at: Date][];
      /** What the domain's prospectWaitReason is given for it. */
      clocks: Omit<HotLeadClocks, 'stage'>;
      waiting: boolean;
    }
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    const cases: Case[] = [
      {
        name: 'a prospect a junior qualified 5 min ago',
        stage: 'prospect', owner: 'op-j', stageSince: ago(5 * MIN), lastEventAt: ago(5 * MIN),
        clocks: { ownerSeniority: 'junior', prospectSince: iso(ago(5 * MIN)), lastTouchedAt: iso(ago(5 * MIN)) },
        waiting: false,
      },
      {
        name: 'a prospect with a junior for 20 min, touched a minute ago',
        stage: 'prospect', owner: 'op-j', stageSince: ago(20 * MIN), lastEventAt: ago(MIN),
        clocks: { ownerSeniority: 'junior', prospectSince: iso(ago(20 * MIN)), lastTouchedAt: iso(ago(MIN)) },
        waiting: true,
      },
      {
        name: 'a prospect with nobody for 20 min',
        stage: 'prospect', owner: null, stageSince: ago(20 * MIN), lastEventAt: ago(20 * MIN),
        clocks: { ownerSeniority: null, prospectSince: iso(ago(20 * MIN)), lastTouchedAt: iso(ago(20 * MIN)) },
        waiting: true,
      },
      {
        name: 'a prospect with an operator nobody knows for 20 min',
        stage: 'prospect', owner: 'op-ghost', stageSince: ago(20 * MIN), lastEventAt: ago(MIN),
        clocks: { ownerSeniority: null, prospectSince: iso(ago(20 * MIN)), lastTouchedAt: iso(ago(MIN)) },
        waiting: true,
      },
      {
        name: 'an opportunity with a junior, prospect 20 min ago, opportunity 2 min ago (keeps its hand-off clock)',
        stage: 'opportunity', owner: 'op-j', stageSince: ago(2 * MIN), lastEventAt: ago(2 * MIN),
        transitions: [['contacted', 'prospect', ago(20 * MIN)], ['prospect', 'opportunity', ago(2 * MIN)]],
        clocks: { ownerSeniority: 'junior', prospectSince: iso(ago(20 * MIN)), lastTouchedAt: iso(ago(2 * MIN)) },
        waiting: true,
      },
      {
        name: 'an opportunity with a junior, straight from contacted 2 min ago',
        stage: 'opportunity', owner: 'op-j', stageSince: ago(2 * MIN), lastEventAt: ago(2 * MIN),
        transitions: [['new', 'contacted', ago(DAY)], ['contacted', 'opportunity', ago(2 * MIN)]],
        clocks: { ownerSeniority: 'junior', prospectSince: iso(ago(2 * MIN)), lastTouchedAt: iso(ago(2 * MIN)) },
        waiting: false,
      },
      {
        name: 'an opportunity with nobody, back from nurturing into prospect 10 min ago (the latest entry counts)',
        stage: 'opportunity', owner: null, stageSince: ago(5 * MIN), lastEventAt: ago(5 * MIN),
        transitions: [
          [null, 'prospect', ago(3 * HOUR)],
          ['prospect', 'nurturing', ago(2 * HOUR)],
          ['nurturing', 'prospect', ago(10 * MIN)],
          ['prospect', 'opportunity', ago(5 * MIN)],
        ],
        clocks: { ownerSeniority: null, prospectSince: iso(ago(10 * MIN)), lastTouchedAt: iso(ago(5 * MIN)) },
        waiting: false,
      },
      {
        name: 'a prospect with a junior and no known times',
        stage: 'prospect', owner: 'op-j', stageSince: null, lastEventAt: null,
        clocks: { ownerSeniority: 'junior', prospectSince: null, lastTouchedAt: null },
        waiting: true,
      },
      {
        name: 'a prospect with a senior, no event for 3 h',
        stage: 'prospect', owner: 'op-a', stageSince: ago(DAY), lastEventAt: ago(3 * HOUR),
        clocks: { ownerSeniority: 'senior', prospectSince: iso(ago(DAY)), lastTouchedAt: iso(ago(3 * HOUR)) },
        waiting: true,
      },
      {
        name: 'a prospect with a senior, no event for 3 h, reassigned to them 30 min ago',
        stage: 'prospect', owner: 'op-a', stageSince: ago(DAY), lastEventAt: ago(3 * HOUR),
        reassigned: [['op-a', ago(30 * MIN)]],
        clocks: { ownerSeniority: 'senior', prospectSince: iso(ago(DAY)), lastTouchedAt: iso(ago(30 * MIN)) },
        waiting: false,
      },
      {
        name: 'a prospect with a senior, no event for 3 h, reassigned to them 4 h ago and to another senior 30 min ago',
        stage: 'prospect', owner: 'op-a', stageSince: ago(DAY), lastEventAt: ago(3 * HOUR),
        reassigned: [['op-a', ago(4 * HOUR)], ['op-e', ago(30 * MIN)]],
        clocks: { ownerSeniority: 'senior', prospectSince: iso(ago(DAY)), lastTouchedAt: iso(ago(3 * HOUR)) },
        waiting: true,
      },
      {
        name: 'an opportunity with a senior, a prospect for a day, touched an hour ago',
        stage: 'opportunity', owner: 'op-a', stageSince: ago(DAY), lastEventAt: ago(HOUR),
        clocks: { ownerSeniority: 'senior', prospectSince: iso(ago(DAY)), lastTouchedAt: iso(ago(HOUR)) },
        waiting: false,
      },
    ];

    beforeAll(async () => {
      const q = (sql: string, params: unknown[]) => db.ds.query(sql, params);
      for (const [i, c] of cases.entries()) {
        const campaign = `w-${i}`;
        const leadId = `W-${i}`;
        await q(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, $2, $2)`, [tenantId, campaign]);
        await q(
          `INSERT INTO leads (tenant_id, id, campaign_id, stage, owner_operator_id, first_event_at, last_event_at, stage_since)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [tenantId, leadId, campaign, c.stage, c.owner, c.stageSince && ago(DAY), c.lastEventAt, c.stageSince],
        );
        for (const [j, [from, to, at]] of (c.transitions ?? []).entries()) {
          await q(
            `INSERT INTO stage_transitions (tenant_id, campaign_id, lead_id, from_stage, to_stage, at, event_id, cause)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'call')`,
            [tenantId, campaign, leadId, from, to, at, `${leadId}-e${j}`],
          );
        }
        for (const [to, at] of c.reassigned ?? []) {
          await q(
            `INSERT INTO audit_log (tenant_id, action, lead_id, campaign_id, from_operator_id, to_operator_id, reason, actor_kind, at)
             VALUES ($1, 'reassigned', $2, $3, 'op-j', $4, 'test', 'user', $5)`,
            [tenantId, leadId, campaign, to, at],
          );
        }
      }
    });

    it.each(cases.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
      const c = cases[i];
      // The fixture and the domain's definition agree, so the SQL below is checked against the definition.
      expect(prospectWaitReason({ stage: c.stage, ...c.clocks }, NOW, DEFAULT_ALERT_THRESHOLDS) !== null).toBe(c.waiting);
      const inputs = await new AlertInputsReader(db.ds).read(tenantId, `w-${i}`, NOW, DEFAULT_ALERT_THRESHOLDS);
      expect(inputs.prospectsWaiting).toBe(c.waiting ? 1 : 0);
    });
  });

  it('has no trailing rate and no calls for a campaign without counters', async () => {
    await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'c-empty', 'empty')`, [tenantId]);
    expect(await new AlertInputsReader(db.ds).read(tenantId, 'c-empty', NOW, DEFAULT_ALERT_THRESHOLDS)).toEqual({
      lastHour: { contacts: 0, prospects: 0 },
      trailingProspectPerContacted: null,
      newLeadsPastSla: 0,
      prospectsWaiting: 0,
      seniors: [],
      drop30d: { dropped: 0, liveAnswered: 0 },
      hotLeadsWaiting: { leads: 0, oldestWaitSeconds: null },
    });
  });

  it('counts the hot leads waiting past the hot-lead SLA, and the longest wait', async () => {
    await db.ds.query(`INSERT INTO campaigns (tenant_id, id, name) VALUES ($1, 'c-hot', 'hot')`, [tenantId]);
    await db.ds.query(
      `INSERT INTO leads (tenant_id, id, campaign_id, stage, hot, priority, waiting_since) VALUES
         ($1, 'H-1', 'c-hot', 'new', true, 80, $2), ($1, 'H-2', 'c-hot', 'prospect', true, 40, $3),
         ($1, 'H-3', 'c-hot', 'new', true, 90, $4), ($1, 'H-4', 'c-hot', 'new', false, 60, $2), ($1, 'H-5', 'c-2', 'new', true, 90, $2)`,
      [tenantId, ago(20 * MIN), ago(7 * MIN), ago(1 * MIN)],
    );
    // H-1 (20 min) and H-2 (7 min) past the 5 min SLA; H-3 within it; H-4 not hot; H-5 elsewhere.
    const inputs = await new AlertInputsReader(db.ds).read(tenantId, 'c-hot', NOW, DEFAULT_ALERT_THRESHOLDS);
    expect(inputs.hotLeadsWaiting).toEqual({ leads: 2, oldestWaitSeconds: 20 * 60 });
    const longerSla = await new AlertInputsReader(db.ds).read(tenantId, 'c-hot', NOW, { ...DEFAULT_ALERT_THRESHOLDS, hotLeadSlaSeconds: 600 });
    expect(longerSla.hotLeadsWaiting).toEqual({ leads: 1, oldestWaitSeconds: 20 * 60 });
  });
});
