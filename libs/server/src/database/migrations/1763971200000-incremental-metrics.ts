import type { MigrationInterface, QueryRunner } from 'typeorm';

const STAGES = ['new', 'contacted', 'prospect', 'opportunity', 'customer', 'nurturing', 'lost', 'dnc'];
const FUNNEL = ['new', 'contacted', 'prospect', 'opportunity', 'customer'];

const bucketColumns = `
  ${STAGES.map((s) => `into_${s} int NOT NULL DEFAULT 0`).join(',\n  ')},
  calls int NOT NULL DEFAULT 0,
  contacts int NOT NULL DEFAULT 0,
  dropped int NOT NULL DEFAULT 0,
  handled_calls int NOT NULL DEFAULT 0,
  handled_seconds bigint NOT NULL DEFAULT 0`;

/**
 * Counters kept by the event applier in the same transaction as the leads, so that a metrics
 * request or a snapshot reads a bounded number of rows whatever the campaign's size:
 * campaign-to-date figures (one row per campaign), a speed-to-lead histogram (whole seconds),
 * minute buckets (rolling windows, today) and hour buckets (trailing rates, 30-day drop rate),
 * per-operator hour buckets and open leads per owner and stage. Existing data is backfilled.
 */
export class IncrementalMetrics1763971200000 implements MigrationInterface {
  name = 'IncrementalMetrics1763971200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign_stats (
        tenant_id uuid NOT NULL,
        campaign_id text NOT NULL,
        ${STAGES.map((s) => `stage_${s} int NOT NULL DEFAULT 0`).join(',\n        ')},
        ${FUNNEL.map((s) => `reached_${s} int NOT NULL DEFAULT 0`).join(',\n        ')},
        attempts bigint NOT NULL DEFAULT 0,
        unmapped bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, campaign_id),
        FOREIGN KEY (tenant_id, campaign_id) REFERENCES campaigns (tenant_id, id) ON DELETE CASCADE
      );
      CREATE TABLE campaign_speed_to_lead (
        tenant_id uuid NOT NULL,
        campaign_id text NOT NULL,
        seconds int NOT NULL,
        leads int NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, campaign_id, seconds)
      );
      CREATE TABLE campaign_minute_stats (
        tenant_id uuid NOT NULL,
        campaign_id text NOT NULL,
        bucket timestamptz NOT NULL,
        ${bucketColumns},
        PRIMARY KEY (tenant_id, campaign_id, bucket)
      );
      CREATE TABLE campaign_hour_stats (
        tenant_id uuid NOT NULL,
        campaign_id text NOT NULL,
        bucket timestamptz NOT NULL,
        ${bucketColumns},
        PRIMARY KEY (tenant_id, campaign_id, bucket)
      );
      CREATE TABLE operator_hour_stats (
        tenant_id uuid NOT NULL,
        operator_id text NOT NULL,
        bucket timestamptz NOT NULL,
        calls int NOT NULL DEFAULT 0,
        talk_seconds bigint NOT NULL DEFAULT 0,
        wrap_seconds bigint NOT NULL DEFAULT 0,
        prospects int NOT NULL DEFAULT 0,
        customers int NOT NULL DEFAULT 0,
        logged_in_seconds bigint NOT NULL DEFAULT 0,
        busy_seconds bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, operator_id, bucket)
      );
      CREATE TABLE operator_lead_counts (
        tenant_id uuid NOT NULL,
        operator_id text NOT NULL,
        campaign_id text NOT NULL,
        stage text NOT NULL,
        leads int NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, operator_id, campaign_id, stage)
      );
      CREATE INDEX leads_by_campaign_stage_age ON leads (tenant_id, campaign_id, stage, first_event_at);
      CREATE INDEX leads_callbacks_by_owner ON leads (tenant_id, owner_operator_id, callback_at) WHERE callback_at IS NOT NULL;
      DROP INDEX leads_by_campaign_stage;
    `);
    await this.backfill(q);
  }

  private async backfill(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO campaign_stats (tenant_id, campaign_id, ${STAGES.map((s) => `stage_${s}`).join(', ')},
                                  ${FUNNEL.map((s) => `reached_${s}`).join(', ')}, attempts, unmapped)
      SELECT tenant_id, campaign_id,
             ${STAGES.map((s) => `count(*) FILTER (WHERE stage = '${s}')`).join(', ')},
             count(*), count(*) FILTER (WHERE contacted OR max_rank >= 1), count(*) FILTER (WHERE max_rank >= 2),
             count(*) FILTER (WHERE max_rank >= 3), count(*) FILTER (WHERE max_rank >= 4),
             coalesce(sum(attempts), 0), coalesce(sum(unmapped), 0)
        FROM leads WHERE last_event_id IS NOT NULL GROUP BY tenant_id, campaign_id;
      INSERT INTO campaign_speed_to_lead (tenant_id, campaign_id, seconds, leads)
      SELECT tenant_id, campaign_id, floor(extract(epoch FROM first_call_at - first_event_at))::int, count(*)
        FROM leads WHERE first_call_at IS NOT NULL GROUP BY 1, 2, 3;
      INSERT INTO operator_lead_counts (tenant_id, operator_id, campaign_id, stage, leads)
      SELECT tenant_id, owner_operator_id, campaign_id, stage, count(*)
        FROM leads WHERE owner_operator_id IS NOT NULL AND stage NOT IN ('customer', 'lost', 'dnc') GROUP BY 1, 2, 3, 4;
    `);
    for (const [table, unit] of [
      ['campaign_minute_stats', 'minute'],
      ['campaign_hour_stats', 'hour'],
    ]) {
      await q.query(`
        INSERT INTO ${table} (tenant_id, campaign_id, bucket, ${STAGES.map((s) => `into_${s}`).join(', ')})
        SELECT tenant_id, campaign_id, date_trunc('${unit}', at), ${STAGES.map((s) => `count(*) FILTER (WHERE to_stage = '${s}')`).join(', ')}
          FROM stage_transitions GROUP BY 1, 2, 3;
        INSERT INTO ${table} AS t (tenant_id, campaign_id, bucket, calls, contacts, dropped, handled_calls, handled_seconds)
        SELECT tenant_id, campaign_id, date_trunc('${unit}', occurred_at), count(*),
               count(*) FILTER (WHERE disposition IN ('NOT_INTERESTED','NOT_NOW','CALLBACK','INTERESTED','QUALIFIED','TRANSFERRED','APPOINTMENT_SET','SALE','DO_NOT_CALL')),
               count(*) FILTER (WHERE disposition = 'DROPPED'),
               count(*) FILTER (WHERE operator_id IS NOT NULL),
               coalesce(sum(talk_seconds + wrap_seconds) FILTER (WHERE operator_id IS NOT NULL), 0)
          FROM events WHERE type = 'call.outcome' AND campaign_id IS NOT NULL GROUP BY 1, 2, 3
        ON CONFLICT (tenant_id, campaign_id, bucket) DO UPDATE SET
          calls = EXCLUDED.calls, contacts = EXCLUDED.contacts, dropped = EXCLUDED.dropped,
          handled_calls = EXCLUDED.handled_calls, handled_seconds = EXCLUDED.handled_seconds;
      `);
    }
    await q.query(`
      INSERT INTO operator_hour_stats (tenant_id, operator_id, bucket, calls, talk_seconds, wrap_seconds)
      SELECT tenant_id, operator_id, date_trunc('hour', occurred_at), count(*), coalesce(sum(talk_seconds), 0), coalesce(sum(wrap_seconds), 0)
        FROM events WHERE type = 'call.outcome' AND operator_id IS NOT NULL GROUP BY 1, 2, 3;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX leads_by_campaign_stage ON leads (tenant_id, campaign_id, stage);
      DROP INDEX leads_callbacks_by_owner; DROP INDEX leads_by_campaign_stage_age;
      DROP TABLE operator_lead_counts; DROP TABLE operator_hour_stats; DROP TABLE campaign_hour_stats;
      DROP TABLE campaign_minute_stats; DROP TABLE campaign_speed_to_lead; DROP TABLE campaign_stats;
    `);
  }
}
