import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `events` and `stage_transitions` lose their foreign key to `tenants`; a trigger on `tenants` keeps the
 * cascade. Both tables take a row per event, and the key's check ran per row: a lookup of the tenant's
 * row that locks it (FOR KEY SHARE), through a MultiXact as soon as two sets write side by side — 11 % of
 * PostgreSQL's CPU at full load (`perf` over `npm run bench`), for a tenant that exists by construction:
 * the worker writes in the scope of the tenant its job came from (the wall's WITH CHECK), and a set of a
 * tenant deleted meanwhile still fails on its campaigns' key. Deleting a tenant deletes its events and
 * transitions as before, now from the trigger, with the deleting role's rights: the tables' owner (a
 * superuser or a BYPASSRLS role, as the forced walls require) sees every row.
 */
export class AppendOnlyTenantCascade1765958400000 implements MigrationInterface {
  name = 'AppendOnlyTenantCascade1765958400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE events DROP CONSTRAINT events_tenant_id_fkey;
      ALTER TABLE stage_transitions DROP CONSTRAINT stage_transitions_tenant_id_fkey;
      CREATE FUNCTION delete_tenant_history() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM stage_transitions WHERE tenant_id = OLD.id;
        DELETE FROM events WHERE tenant_id = OLD.id;
        RETURN OLD;
      END $$;
      CREATE TRIGGER tenant_history_deleted AFTER DELETE ON tenants FOR EACH ROW EXECUTE FUNCTION delete_tenant_history();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS tenant_history_deleted ON tenants;
      DROP FUNCTION IF EXISTS delete_tenant_history();
      ALTER TABLE events ADD CONSTRAINT events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE;
      ALTER TABLE stage_transitions ADD CONSTRAINT stage_transitions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE;
    `);
  }
}
