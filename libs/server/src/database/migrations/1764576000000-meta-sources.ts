import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Meta Lead Ads sources: one per Facebook app/page pair a tenant connects. The app secret and the
 * page access token are stored sealed (AES-256-GCM under SECRETS_KEY, see SecretBox), never in
 * clear; the verify token only answers Meta's subscription handshake and is kept as is.
 * `token_error_*` is the source's health: set when the Graph API refuses the page token, cleared by
 * a new token or the next lead fetched. Activity and other errors live in source_activity and
 * source_errors (source 'meta', source_id = the id here).
 */
export class MetaSources1764576000000 implements MigrationInterface {
  name = 'MetaSources1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE meta_sources (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        name text NOT NULL,
        app_secret_sealed text NOT NULL,
        page_access_token_sealed text NOT NULL,
        verify_token text NOT NULL,
        default_campaign_id text NOT NULL,
        forms jsonb NOT NULL DEFAULT '{}'::jsonb,
        token_error_code integer,
        token_error_message text,
        token_error_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX meta_sources_by_tenant ON meta_sources (tenant_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE meta_sources;`);
  }
}
