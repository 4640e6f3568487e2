import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The compared keys of apps/worker's KnownCustomerFlagger (PHONE_KEY, EMAIL_KEY), as migration ClassificationContribution indexes them. */
const PHONE_KEY = `nullif(right(regexp_replace(phone, '[^0-9]', '', 'g'), 9), '')`;
const EMAIL_KEY = `nullif(lower(btrim(email)), '')`;

/**
 * The known-customer check asks, for every lead a set writes, "is there a customer with this phone or
 * e-mail?". Over the indexes of every lead's contact, each probe found the lead itself — once per row
 * version still in the index, since every write of a lead adds index entries — and every other lead
 * sharing the contact, and read each from the heap to learn its stage: the check cost more as leads were
 * written more often. Indexes of the customers' contacts only answer it from a few entries; the indexes of
 * every lead's contact stay, for the other direction (a new customer flags the open leads sharing its contact).
 */
export class CustomerContactIndexes1765785600001 implements MigrationInterface {
  name = 'CustomerContactIndexes1765785600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX leads_customers_by_phone_key ON leads (tenant_id, (${PHONE_KEY})) WHERE stage = 'customer';
      CREATE INDEX leads_customers_by_email_key ON leads (tenant_id, (${EMAIL_KEY})) WHERE stage = 'customer';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS leads_customers_by_email_key; DROP INDEX IF EXISTS leads_customers_by_phone_key;`);
  }
}
