import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each source of events did (the Sources page): events accepted per source and UTC day with
 * the time of the last one, and the latest errors a source met (bad requests from a dialer, token
 * errors from an ad platform, rejected files), with their reason in words.
 */
export class SourceActivity1764460800000 implements MigrationInterface {
  name = 'SourceActivity1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE source_activity (
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        source text NOT NULL,
        source_id text NOT NULL DEFAULT '',
        day date NOT NULL,
        events bigint NOT NULL DEFAULT 0,
        last_event_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, source, source_id, day)
      );
      CREATE TABLE source_errors (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        source text NOT NULL,
        source_id text NOT NULL DEFAULT '',
        at timestamptz NOT NULL DEFAULT now(),
        message text NOT NULL
      );
      CREATE INDEX source_errors_latest ON source_errors (tenant_id, source, source_id, at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE source_errors; DROP TABLE source_activity;`);
  }
}
