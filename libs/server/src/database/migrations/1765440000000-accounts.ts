import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * B2B accounts (docs/DOMAIN.md, "B2B: accounts"): one row per company of a tenant, its stage and
 * figures recomputed from its leads in the worker's transaction; `leads.account_id` links a lead to
 * its company. Both lead indexes are partial: leads without a company (most B2C campaigns) cost
 * nothing more to write.
 */
export class Accounts1765440000000 implements MigrationInterface {
  name = 'Accounts1765440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts (
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        id text NOT NULL,
        name text NOT NULL,
        company_id text,
        vat_id text,
        sector text,
        employees double precision,
        revenue double precision,
        stage text NOT NULL DEFAULT 'lead' CHECK (stage IN ('lead', 'potential', 'customer')),
        stage_since timestamptz,
        leads int NOT NULL DEFAULT 0,
        contacts int NOT NULL DEFAULT 0,
        opportunities int NOT NULL DEFAULT 0,
        customers int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      );
      CREATE INDEX accounts_by_stage ON accounts (tenant_id, stage, id);
      ALTER TABLE leads ADD COLUMN account_id text;
      CREATE INDEX leads_by_account ON leads (tenant_id, account_id) WHERE account_id IS NOT NULL;
      CREATE INDEX leads_by_campaign_account ON leads (tenant_id, campaign_id, account_id) WHERE account_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS leads_by_campaign_account;
      DROP INDEX IF EXISTS leads_by_account;
      ALTER TABLE leads DROP COLUMN IF EXISTS account_id;
      DROP TABLE IF EXISTS accounts;
    `);
  }
}
