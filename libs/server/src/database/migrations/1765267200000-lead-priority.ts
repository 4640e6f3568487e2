import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The alert rules stored before this migration, and the one it adds (the list is this migration's, not the code's of the day). */
const RULES_BEFORE = ['qualification_bottleneck', 'speed_to_lead_breach', 'prospects_waiting', 'closer_overload', 'drop_rate', 'dnc_violation'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Who to call first (domain page, "Who to call first"). Each lead keeps its `priority`, `hot` flag and
 * `priority_reasons`, written in the transaction that moves it and again by the freshness schedule;
 * `waiting_since` (its latest event, or its callback when later) orders equal priorities; `priority_at`
 * says when they were computed (NULL: never — the schedule's first run computes the leads that existed
 * before this migration, so it rewrites no table while it runs).
 *
 * Campaigns gain their `target` (rules with weights) and `hot_threshold`.
 *
 * `alerts.rule` accepts `hot_lead_waiting`.
 *
 * Two partial indexes on open leads only (closed leads, most of a mature campaign, cost nothing to write):
 * `leads_queue` is the queue's order, read with a LIMIT; `leads_hot` holds the few hot leads, for their
 * count, the longest wait and the `hot_lead_waiting` alert.
 */
export class LeadPriority1765267200000 implements MigrationInterface {
  name = 'LeadPriority1765267200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE leads
        ADD COLUMN priority smallint NOT NULL DEFAULT 0,
        ADD COLUMN hot boolean NOT NULL DEFAULT false,
        ADD COLUMN priority_reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN waiting_since timestamptz,
        ADD COLUMN priority_at timestamptz;
      ALTER TABLE campaigns
        ADD COLUMN target jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN hot_threshold smallint NOT NULL DEFAULT 70;
      CREATE INDEX leads_queue ON leads (tenant_id, campaign_id, priority DESC, waiting_since, id)
        WHERE stage IN ('new', 'contacted', 'prospect', 'opportunity', 'nurturing');
      CREATE INDEX leads_hot ON leads (tenant_id, campaign_id, waiting_since) WHERE hot;
      ALTER TABLE alerts DROP CONSTRAINT alerts_rule_check;
      ALTER TABLE alerts ADD CONSTRAINT alerts_rule_check CHECK (rule IN (${list([...RULES_BEFORE, 'hot_lead_waiting'])}));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM alerts WHERE rule = 'hot_lead_waiting';
      DELETE FROM alert_hysteresis WHERE rule = 'hot_lead_waiting';
      ALTER TABLE alerts DROP CONSTRAINT alerts_rule_check;
      ALTER TABLE alerts ADD CONSTRAINT alerts_rule_check CHECK (rule IN (${list(RULES_BEFORE)}));
      DROP INDEX leads_hot; DROP INDEX leads_queue;
      ALTER TABLE campaigns DROP COLUMN hot_threshold, DROP COLUMN target;
      ALTER TABLE leads DROP COLUMN priority_at, DROP COLUMN waiting_since, DROP COLUMN priority_reasons, DROP COLUMN hot, DROP COLUMN priority;
    `);
  }
}
