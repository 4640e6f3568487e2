import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every alert rule the table accepts, the new per-call `lost_lead_called` and `hot_lead_waiting` included. */
const RULES = [
  'qualification_bottleneck',
  'speed_to_lead_breach',
  'prospects_waiting',
  'closer_overload',
  'drop_rate',
  'dnc_violation',
  'hot_lead_waiting',
  'lost_lead_called',
];
const OLD_RULES = RULES.filter((r) => r !== 'hot_lead_waiting' && r !== 'lost_lead_called');
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Classification errors and contribution (domain page, "Classification errors", "Contribution"):
 * - `leads.not_interested_at`: when the lead said NOT_INTERESTED while it is lost (the fold's state), the
 *   start of the campaign's cooling-off; `campaigns.cooling_off_days` (default 30);
 * - `lost_lead_called` alerts, one per call like `dnc_violation` (keyed on the call's event id by the
 *   existing `alerts_dnc_by_event` index), so it leaves the one-open-alert-per-rule index;
 * - `leads.known_customer`, and the expression indexes that find the leads sharing a phone or an e-mail
 *   in one query for a whole batch (the keys of apps/worker's KnownCustomerFlagger: a phone's last 9
 *   digits, an e-mail trimmed and lower-cased); a partial index counts a campaign's flagged leads for its metrics.
 * - contribution reads a campaign's transitions by time (transitions_by_campaign_time), its open prospects
 *   by stage (leads_by_campaign_stage_since) and its operators' calls by time: `operator_calls_by_campaign_time`
 *   brings back an index on calls that 1764403200000 dropped to keep event writes lean, narrowed to calls
 *   with an operator (the dialer's own no-answers, most of a predictive dialer's calls, skip it). Without
 *   it a contribution request would scan every event the tenant ever sent.
 */
export class ClassificationContribution1765353600000 implements MigrationInterface {
  name = 'ClassificationContribution1765353600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE leads ADD COLUMN not_interested_at timestamptz, ADD COLUMN known_customer boolean NOT NULL DEFAULT false;
      ALTER TABLE campaigns ADD COLUMN cooling_off_days int NOT NULL DEFAULT 30 CHECK (cooling_off_days BETWEEN 0 AND 3650);
      ALTER TABLE alerts DROP CONSTRAINT IF EXISTS alerts_rule_check;
      ALTER TABLE alerts ADD CONSTRAINT alerts_rule_check CHECK (rule IN (${list(RULES)}));
      DROP INDEX alerts_one_open_per_rule;
      CREATE UNIQUE INDEX alerts_one_open_per_rule ON alerts (tenant_id, campaign_id, rule)
        WHERE state <> 'resolved' AND rule NOT IN ('dnc_violation', 'lost_lead_called');
      CREATE INDEX leads_by_phone_key ON leads (tenant_id, (nullif(right(regexp_replace(phone, '[^0-9]', '', 'g'), 9), '')));
      CREATE INDEX leads_by_email_key ON leads (tenant_id, (nullif(lower(btrim(email)), '')));
      CREATE INDEX leads_known_customer ON leads (tenant_id, campaign_id) WHERE known_customer;
      CREATE INDEX operator_calls_by_campaign_time ON events (tenant_id, campaign_id, occurred_at)
        WHERE type = 'call.outcome' AND operator_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX operator_calls_by_campaign_time; DROP INDEX leads_known_customer; DROP INDEX leads_by_email_key; DROP INDEX leads_by_phone_key;
      DELETE FROM alerts WHERE rule NOT IN (${list(OLD_RULES)});
      DROP INDEX alerts_one_open_per_rule;
      CREATE UNIQUE INDEX alerts_one_open_per_rule ON alerts (tenant_id, campaign_id, rule)
        WHERE state <> 'resolved' AND rule <> 'dnc_violation';
      ALTER TABLE alerts DROP CONSTRAINT alerts_rule_check;
      ALTER TABLE alerts ADD CONSTRAINT alerts_rule_check CHECK (rule IN (${list(OLD_RULES)}));
      ALTER TABLE campaigns DROP COLUMN cooling_off_days;
      ALTER TABLE leads DROP COLUMN known_customer, DROP COLUMN not_interested_at;
    `);
  }
}
