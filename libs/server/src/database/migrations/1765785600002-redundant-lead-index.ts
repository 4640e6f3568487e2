import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `leads_by_campaign_stage (tenant_id, campaign_id, stage)` is the leading part of
 * `leads_by_campaign_stage_since (…, stage, stage_since)` (migration StageSince): every query it served
 * is served by the wider one, while each lead write — the engine updates every touched lead's stage
 * columns, so no update is HOT — paid for both.
 */
export class RedundantLeadIndex1765785600002 implements MigrationInterface {
  name = 'RedundantLeadIndex1765785600002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS leads_by_campaign_stage`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS leads_by_campaign_stage ON leads (tenant_id, campaign_id, stage)`);
  }
}
