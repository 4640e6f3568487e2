import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The what-if streams a campaign's whole history ordered by lead (docs/DOMAIN.md, "Each company draws
 * its own line"). Reading the event rows themselves — payloads of a few hundred bytes — cost most of its
 * time; the fold needs only the time, id, type, stored disposition and the call's BANT answers. So:
 *
 * - `bant`, a stored generated column, keeps the four answers of a call as 2 bits each (0 not given,
 *   1 false, 2 true; need, budget, authority, timeline from the low bits): PostgreSQL computes it on
 *   insert, no writer has to know about it (`bantCode` in libs/domain computes the same);
 * - `events_by_lead` (same key, same rows) now carries those columns, so the what-if's cursor is an
 *   index-only scan. The refold's lookups by lead use it as before; each entry is wider, a cost paid
 *   on every inserted event (not measured separately yet: see docs/ROADMAP.md, "Accounts and what-if").
 */
export class WhatIfHistory1765440000001 implements MigrationInterface {
  name = 'WhatIfHistory1765440000001';

  async up(q: QueryRunner): Promise<void> {
    const code = (key: string) => `CASE payload -> 'qualification' ->> '${key}' WHEN 'true' THEN 2 WHEN 'false' THEN 1 ELSE 0 END`;
    await q.query(`
      ALTER TABLE events ADD COLUMN bant smallint GENERATED ALWAYS AS
        ((${code('need')}) + 4 * (${code('budget')}) + 16 * (${code('authority')}) + 64 * (${code('timeline')})) STORED;
      DROP INDEX IF EXISTS events_by_lead;
      CREATE INDEX events_by_lead ON events (tenant_id, lead_id) INCLUDE (occurred_at, event_id, type, disposition, bant) WHERE lead_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS events_by_lead;
      CREATE INDEX events_by_lead ON events (tenant_id, lead_id) WHERE lead_id IS NOT NULL;
      ALTER TABLE events DROP COLUMN IF EXISTS bant;
    `);
  }
}
