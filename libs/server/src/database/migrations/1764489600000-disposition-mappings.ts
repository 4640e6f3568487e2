import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant's own disposition codes (for the whole tenant, or one campaign: `campaign_id = ''` is the
 * tenant row, so the primary key stays a plain one), the codes that arrived unmapped with how often
 * and when last, and the tenant's VICIdial settings (the zone its local times are written in, the
 * campaign a URL without one goes to).
 */
export class DispositionMappings1764489600000 implements MigrationInterface {
  name = 'DispositionMappings1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE disposition_mappings (
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        campaign_id text NOT NULL DEFAULT '',
        code text NOT NULL,
        disposition text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, campaign_id, code)
      );
      CREATE TABLE unmapped_dispositions (
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        campaign_id text NOT NULL,
        code text NOT NULL,
        count bigint NOT NULL DEFAULT 0,
        last_seen_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, campaign_id, code)
      );
      ALTER TABLE tenants
        ADD COLUMN vicidial_time_zone text NOT NULL DEFAULT 'UTC',
        ADD COLUMN vicidial_default_campaign_id text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenants DROP COLUMN vicidial_default_campaign_id, DROP COLUMN vicidial_time_zone;
      DROP TABLE unmapped_dispositions;
      DROP TABLE disposition_mappings;
    `);
  }
}
