import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When time alone will next change each lead's priority (`priority_next_at`: its freshness losing a
 * point, its callback coming due; NULL when never — closed, or freshness spent and no callback ahead),
 * written with the priority by the engine and by the freshness schedule (libs/domain
 * `nextPriorityChangeAt`). The schedule used to read every open lead less than a day old each run; in
 * a busy campaign that is hundreds of thousands of rows a minute for the few that lose a point. It now
 * reads the leads whose instant has passed, through `leads_priority_due` (only leads with an instant).
 *
 * The leads the old schedule would have read are due at once: its next run computes their instants.
 */
export class PriorityNextAt1765785600003 implements MigrationInterface {
  name = 'PriorityNextAt1765785600003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE leads ADD COLUMN priority_next_at timestamptz;
      UPDATE leads SET priority_next_at = now()
       WHERE stage IN ('new', 'contacted', 'prospect', 'opportunity', 'nurturing')
         AND (priority_at IS NULL OR first_event_at > now() - interval '1 day' OR callback_at IS NOT NULL);
      CREATE INDEX leads_priority_due ON leads (tenant_id, campaign_id, priority_next_at) WHERE priority_next_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS leads_priority_due; ALTER TABLE leads DROP COLUMN IF EXISTS priority_next_at;`);
  }
}
