import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CSV list imports. The uploaded file lives in `import_chunks` (~1 MB each) until its import is
 * done: PostgreSQL is the only storage the API and worker processes share. The import row carries
 * the job's checkpoint (rows done, counters, the batch being queued) so a killed worker resumes.
 * Rejected rows are kept (with their cells) for `rejected.csv`; `import_lead_ids` tells a lead id
 * repeated inside a file (the `duplicates` counter) and is emptied when the import ends.
 */
export class Imports1764662400000 implements MigrationInterface {
  name = 'Imports1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tenants ADD COLUMN default_country text NOT NULL DEFAULT 'IT';

      CREATE TABLE imports (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
        campaign_id text NOT NULL,
        source text NOT NULL,
        file_name text,
        mapping jsonb,
        size_bytes bigint NOT NULL DEFAULT 0,
        sha256 text,
        bom boolean NOT NULL DEFAULT false,
        valid_utf8 boolean NOT NULL DEFAULT true,
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
        encoding text,
        delimiter text,
        layout text,
        header text[],
        rows_read int NOT NULL DEFAULT 0,
        rows_accepted int NOT NULL DEFAULT 0,
        rows_rejected int NOT NULL DEFAULT 0,
        duplicates int NOT NULL DEFAULT 0,
        batches_done int NOT NULL DEFAULT 0,
        pending_batch int,
        pending_known_rows int[],
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- The same file for the same campaign is one import (a failed one may be retried by uploading again).
      CREATE UNIQUE INDEX imports_same_file ON imports (tenant_id, campaign_id, sha256) WHERE sha256 IS NOT NULL AND state <> 'failed';
      CREATE INDEX imports_latest ON imports (tenant_id, created_at DESC);

      CREATE TABLE import_chunks (
        import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        n int NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (import_id, n)
      );
      -- Chunks live minutes: not compressing them saves CPU on upload and on every read.
      ALTER TABLE import_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

      CREATE TABLE import_rejected_rows (
        import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        row_no int NOT NULL,
        column_name text,
        message text NOT NULL,
        cells text[] NOT NULL,
        PRIMARY KEY (import_id, row_no)
      );

      -- No foreign key: a million rows per file, each checked against imports, for a table the job empties itself.
      CREATE TABLE import_lead_ids (
        import_id uuid NOT NULL,
        lead_id text NOT NULL,
        PRIMARY KEY (import_id, lead_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE import_lead_ids;
      DROP TABLE import_rejected_rows;
      DROP TABLE import_chunks;
      DROP TABLE imports;
      ALTER TABLE tenants DROP COLUMN default_country;
    `);
  }
}
