import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The second wall between tenants, in PostgreSQL itself (docs/SECURITY.md, "Tenant walls") — its first
 * half: the role, the policies and the narrow paths. The processes do not work as `leadboard_app` yet
 * (that switch comes with their `SET LOCAL` in every transaction: docs/ROADMAP.md), so the policies are
 * `ENABLE`d but not yet `FORCE`d: the tables' owner, which the processes connect as today, passes
 * them, and nothing changes for a running deployment until the switch.
 *
 *
 * - `leadboard_app`, the role the API and the workers work as: neither superuser nor `BYPASSRLS`,
 *   owner of nothing, with row rights on the tables and no right on `schema_migrations`. Roles belong
 *   to the cluster, not the database, so it is created only when missing.
 * - Every table that holds a tenant's rows gets row-level security `ENABLE`d, and one policy: a row is
 *   visible and writable only when its `tenant_id` is the transaction's `app.tenant_id`, which the
 *   processes set with `SET LOCAL` (`set_config(…, true)`) at the start of every transaction. No
 *   setting, no rows: a query that forgets its tenant filter returns nothing across tenants.
 * - The three tables of an import's data (chunks, lead ids, rejected rows) gain a `tenant_id`, filled
 *   from the import (their writers name it; the transaction's tenant is the default).
 * - The narrow paths, for what must start without a tenant: SECURITY DEFINER functions that answer one
 *   question each and return ids only — the tenant of a login e-mail, of an access key's hash, of a
 *   Meta source; whether an e-mail is taken; the list of tenant ids for the system-wide jobs, which
 *   then do each tenant's work in that tenant's own transaction.
 *
 * Tables are found by their `tenant_id` column rather than listed, so that a table created by an
 * earlier migration is never forgotten; a test checks every such table is walled, which catches a
 * later table that comes without its policy.
 */
export class TenantWalls1765526400000 implements MigrationInterface {
  name = 'TenantWalls1765526400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'leadboard_app') THEN
          CREATE ROLE leadboard_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
      END $$;
    `);

    await q.query(`
      CREATE FUNCTION app_tenant_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS
        $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;
    `);

    // The import's own tables: a tenant column, copied from the import, defaulting to the transaction's tenant.
    for (const table of ['import_chunks', 'import_lead_ids', 'import_rejected_rows']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN tenant_id uuid`);
      await q.query(`UPDATE ${table} t SET tenant_id = i.tenant_id FROM imports i WHERE i.id = t.import_id`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN tenant_id SET DEFAULT app_tenant_id(), ALTER COLUMN tenant_id SET NOT NULL`);
    }

    await q.query(`
      DO $$
      DECLARE t text;
      BEGIN
        FOR t IN
          SELECT c.relname FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
           WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace
        LOOP
          EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
          EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id())', t);
        END LOOP;
      END $$;
    `);
    // A refusal whose credentials named no tenant (an unknown e-mail, a made-up key) is still recorded —
    // written without a tenant, read by no one but the operator (the owner, through the CLI or psql).
    await q.query(`CREATE POLICY tenantless_refusals ON security_audit FOR INSERT WITH CHECK (tenant_id IS NULL)`);
    // A tenant sees its own row of tenants (settings, time zone) and no other.
    await q.query(`ALTER TABLE tenants ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_wall ON tenants USING (id = app_tenant_id()) WITH CHECK (id = app_tenant_id())`);

    // The narrow paths: one question each, ids or a yes/no as the answer, nothing else.
    await q.query(`
      CREATE FUNCTION leadboard_tenant_of_login(p_email text) RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
        $$ SELECT tenant_id FROM users WHERE email = p_email $$;
      CREATE FUNCTION leadboard_email_taken(p_email text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
        $$ SELECT EXISTS (SELECT 1 FROM users WHERE email = p_email) $$;
      CREATE FUNCTION leadboard_tenant_of_key(p_key_hash text) RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
        $$ SELECT tenant_id FROM access_keys WHERE key_hash = p_key_hash $$;
      CREATE FUNCTION leadboard_tenant_of_meta_source(p_source_id uuid) RETURNS uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
        $$ SELECT tenant_id FROM meta_sources WHERE id = p_source_id $$;
      CREATE FUNCTION leadboard_tenant_ids() RETURNS SETOF uuid
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
        $$ SELECT id FROM tenants ORDER BY id $$;
      CREATE FUNCTION leadboard_prune_tenantless_security_audit(p_days int) RETURNS bigint
        LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS
        $$ WITH gone AS (DELETE FROM security_audit WHERE tenant_id IS NULL AND at < now() - make_interval(days => p_days) RETURNING 1)
           SELECT count(*) FROM gone $$;
    `);
    for (const fn of ['leadboard_tenant_of_login(text)', 'leadboard_email_taken(text)', 'leadboard_tenant_of_key(text)', 'leadboard_tenant_of_meta_source(uuid)', 'leadboard_tenant_ids()', 'leadboard_prune_tenantless_security_audit(int)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO leadboard_app`);
    }

    // Row rights on today's tables and on those later migrations create (the same owner runs them).
    await q.query(`GRANT USAGE ON SCHEMA public TO leadboard_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO leadboard_app`);
    await q.query(`REVOKE ALL ON schema_migrations FROM leadboard_app`);
    await q.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO leadboard_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO leadboard_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO leadboard_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM leadboard_app`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM leadboard_app`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM leadboard_app`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM leadboard_app`);
    await q.query(`REVOKE ALL ON SCHEMA public FROM leadboard_app`);
    await q.query(`
      DROP FUNCTION leadboard_tenant_of_login(text);
      DROP FUNCTION leadboard_email_taken(text);
      DROP FUNCTION leadboard_tenant_of_key(text);
      DROP FUNCTION leadboard_tenant_of_meta_source(uuid);
      DROP FUNCTION leadboard_tenant_ids();
      DROP FUNCTION leadboard_prune_tenantless_security_audit(int);
    `);
    await q.query(`
      DO $$
      DECLARE t text;
      BEGIN
        DROP POLICY tenantless_refusals ON security_audit;
        FOR t IN SELECT tablename FROM pg_policies WHERE schemaname = 'public' AND policyname = 'tenant_wall'
        LOOP
          EXECUTE format('DROP POLICY tenant_wall ON %I', t);
          EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
        END LOOP;
      END $$;
    `);
    for (const table of ['import_chunks', 'import_lead_ids', 'import_rejected_rows']) await q.query(`ALTER TABLE ${table} DROP COLUMN tenant_id`);
    await q.query(`DROP FUNCTION app_tenant_id()`);
    // The role stays: other databases of the cluster may use it.
  }
}
