import type { MigrationInterface, QueryRunner } from 'typeorm';

const RULES = ['qualification_bottleneck', 'speed_to_lead_breach', 'prospects_waiting', 'closer_overload', 'drop_rate', 'dnc_violation'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Alerts (domain page, "Alerts"): the alerts themselves, the hysteresis state of each rule per
 * campaign (kept in PostgreSQL so that any worker, or a restarted one, continues the streaks), and
 * per-campaign threshold overrides.
 */
export class Alerts1764057600000 implements MigrationInterface {
  name = 'Alerts1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        campaign_id text NOT NULL,
        rule text NOT NULL CHECK (rule IN (${list(RULES)})),
        severity text NOT NULL CHECK (severity IN ('warning', 'critical')),
        state text NOT NULL DEFAULT 'raised' CHECK (state IN ('raised', 'acknowledged', 'resolved')),
        message text NOT NULL,
        message_key text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}',
        value double precision,
        threshold double precision NOT NULL,
        -- The call that caused a dnc_violation: one alert per violating event, however often it is delivered.
        event_id text,
        raised_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by text,
        resolved_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id) ON DELETE CASCADE
      );
      -- At most one open alert per campaign and rule: a second raise by a concurrent evaluator is a no-op.
      CREATE UNIQUE INDEX alerts_one_open_per_rule ON alerts (tenant_id, campaign_id, rule)
        WHERE state <> 'resolved' AND rule <> 'dnc_violation';
      CREATE UNIQUE INDEX alerts_dnc_by_event ON alerts (tenant_id, event_id) WHERE event_id IS NOT NULL;
      CREATE INDEX alerts_by_tenant_time ON alerts (tenant_id, raised_at DESC);
      CREATE INDEX alerts_by_campaign_time ON alerts (tenant_id, campaign_id, raised_at DESC);
      CREATE INDEX alerts_not_resolved ON alerts (tenant_id, campaign_id) WHERE state <> 'resolved';

      CREATE TABLE alert_hysteresis (
        tenant_id uuid NOT NULL,
        campaign_id text NOT NULL,
        rule text NOT NULL,
        raised boolean NOT NULL DEFAULT false,
        true_streak int NOT NULL DEFAULT 0,
        false_streak int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, campaign_id, rule),
        FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id) ON DELETE CASCADE
      );
      -- The evaluator keeps evaluating a campaign gone quiet while one of its rules is raised or half-way there.
      CREATE INDEX alert_hysteresis_pending ON alert_hysteresis (tenant_id, campaign_id) WHERE raised OR true_streak > 0;

      -- Which campaigns had activity recently, without scanning every campaign's buckets.
      CREATE INDEX campaign_hour_stats_by_bucket ON campaign_hour_stats (bucket);

      ALTER TABLE campaigns ADD COLUMN alert_thresholds jsonb;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaigns DROP COLUMN alert_thresholds;
      DROP INDEX campaign_hour_stats_by_bucket;
      DROP TABLE alert_hysteresis;
      DROP TABLE alerts;
    `);
  }
}
