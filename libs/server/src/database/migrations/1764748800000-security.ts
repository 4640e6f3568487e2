import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that end when they should, the security audit trail, and privacy:
 * - users can be disabled; `session_version` is in every token they hold, and bumping it (disable,
 *   role change, "end sessions") makes those tokens fail at once;
 * - keys and wall tokens may expire;
 * - `security_audit`: logins, refusals (coalesced, with a count), account and key changes, erasures;
 * - leads remember when their personal data was erased (later events for them store none);
 * - a tenant may set how long personal data of untouched leads is kept.
 */
export class Security1764748800000 implements MigrationInterface {
  name = 'Security1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN disabled_at timestamptz,
        ADD COLUMN session_version int NOT NULL DEFAULT 0;
      ALTER TABLE access_keys ADD COLUMN expires_at timestamptz;
      CREATE INDEX access_keys_by_tenant ON access_keys (tenant_id, created_at);
      ALTER TABLE tenants ADD COLUMN retention_months int CHECK (retention_months BETWEEN 1 AND 120);
      ALTER TABLE leads ADD COLUMN erased_at timestamptz;
      CREATE TABLE security_audit (
        id bigserial PRIMARY KEY,
        tenant_id uuid REFERENCES tenants(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        event text NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'ingest', 'wall', 'cli', 'system', 'anonymous')),
        actor_id text,
        target_kind text,
        target_id text,
        ip text,
        status int,
        route text,
        count int NOT NULL DEFAULT 1 CHECK (count > 0),
        detail jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX security_audit_by_tenant ON security_audit (tenant_id, id DESC);
      CREATE INDEX security_audit_by_time ON security_audit (at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE security_audit;
      ALTER TABLE leads DROP COLUMN erased_at;
      ALTER TABLE tenants DROP COLUMN retention_months;
      DROP INDEX access_keys_by_tenant;
      ALTER TABLE access_keys DROP COLUMN expires_at;
      ALTER TABLE users DROP COLUMN session_version, DROP COLUMN disabled_at;
    `);
  }
}
