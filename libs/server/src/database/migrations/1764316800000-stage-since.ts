import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When each lead entered its current stage: stage aging on the console (how long leads sit in new, prospect). */
export class StageSince1764316800000 implements MigrationInterface {
  name = 'StageSince1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE leads ADD COLUMN stage_since timestamptz;
      UPDATE leads l SET stage_since = t.at
        FROM (SELECT DISTINCT ON (tenant_id, lead_id) tenant_id, lead_id, at FROM stage_transitions
               ORDER BY tenant_id, lead_id, at DESC, id DESC) t
       WHERE l.tenant_id = t.tenant_id AND l.id = t.lead_id;
      CREATE INDEX leads_by_campaign_stage_since ON leads (tenant_id, campaign_id, stage, stage_since);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX leads_by_campaign_stage_since; ALTER TABLE leads DROP COLUMN stage_since;`);
  }
}
