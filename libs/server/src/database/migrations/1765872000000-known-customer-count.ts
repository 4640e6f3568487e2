import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The count of open leads flagged `knownCustomer`, kept per campaign in `campaign_stats` like the funnel's
 * counters (the engine books it in the set's transaction: a flagged lead entering or leaving the open
 * stages, a lead newly flagged). The metrics read it with the campaign's row. Counted at query time it
 * depended on the planner picking the partial index `leads_known_customer`, which without statistics (a
 * young or never-analysed table) it did not: 18–104 ms a call, a third of PostgreSQL's time in the soak.
 * The index stays: the flagger and the lead views still read it.
 */
export class KnownCustomerCount1765872000000 implements MigrationInterface {
  name = 'KnownCustomerCount1765872000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE campaign_stats ADD COLUMN known_customers int NOT NULL DEFAULT 0;
      INSERT INTO campaign_stats AS s (tenant_id, campaign_id, known_customers)
      SELECT tenant_id, campaign_id, count(*) FROM leads
       WHERE known_customer AND stage IN ('new', 'contacted', 'prospect', 'opportunity', 'nurturing')
       GROUP BY tenant_id, campaign_id
      ON CONFLICT (tenant_id, campaign_id) DO UPDATE SET known_customers = EXCLUDED.known_customers;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaign_stats DROP COLUMN IF EXISTS known_customers`);
  }
}
