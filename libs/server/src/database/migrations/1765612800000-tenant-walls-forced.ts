import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The second half of the tenant walls (docs/SECURITY.md, "Tenant walls in the database"): the API and
 * the workers now work as `leadboard_app`, in their tenant's scope, so the policies are `FORCE`d —
 * they bind the tables' owner too, not only the roles that own nothing. Only superusers and roles with
 * `BYPASSRLS` pass them from now on.
 *
 * - Every table that has row-level security enabled (the `TenantWalls` policies: found in the
 *   catalogue, not listed, like there) gets `FORCE ROW LEVEL SECURITY`.
 * - The narrow `SECURITY DEFINER` functions run as their owner, the login that ran the migrations;
 *   with `FORCE` they would find nothing unless that owner passes the policies. So the migrating login
 *   must be a superuser or have `BYPASSRLS` (on a managed PostgreSQL: `ALTER ROLE <owner> BYPASSRLS`,
 *   by the provider's administrator role); the migration refuses to run otherwise, rather than leave
 *   every login failing.
 * - The processes reach `leadboard_app` with a startup `SET ROLE` (`-c role=leadboard_app`): a login
 *   that is not a superuser must be a member of it, so the migrating login is granted the role when it
 *   is not (the same login normally runs the migrations and the processes).
 */
export class TenantWallsForced1765612800000 implements MigrationInterface {
  name = 'TenantWallsForced1765612800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolbypassrls)) THEN
          RAISE EXCEPTION 'the tenant walls need the migrating login (%) to be a superuser or to have BYPASSRLS: it owns the tables and the narrow lookups, which the forced policies would otherwise hide from it (ALTER ROLE % BYPASSRLS)', current_user, current_user;
        END IF;
        IF NOT pg_has_role(current_user, 'leadboard_app', 'MEMBER') THEN
          EXECUTE format('GRANT leadboard_app TO %I', current_user);
        END IF;
      END $$;
    `);
    await q.query(`
      DO $$
      DECLARE t text;
      BEGIN
        FOR t IN
          SELECT c.relname FROM pg_class c
           WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace AND c.relrowsecurity
        LOOP
          EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        END LOOP;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE t text;
      BEGIN
        FOR t IN
          SELECT c.relname FROM pg_class c
           WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace AND c.relforcerowsecurity
        LOOP
          EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', t);
        END LOOP;
      END $$;
    `);
    // The membership granted by up() stays: revoking it could cut off processes of other databases of the cluster.
  }
}
