import type { MigrationInterface, QueryRunner } from 'typeorm';
import { bantCodeSql } from '../../what-if/stored-call-codes';

/**
 * The events' generated `bant` column and the wide `events_by_lead` index (migration WhatIfHistory) let
 * the what-if code a campaign's calls from the index alone. Since migration LeadCallCodes the engine
 * keeps each lead's codes on its row, and the what-if reads those: the column and the index's included
 * columns were then only paid — on every event stored — for that migration's one-time backfill, which
 * now codes the answers from the payload (`bantCodeSql`). Back to the narrow index the refold's history
 * reads need, and no generated column.
 */
export class LeanEventIndex1765785600000 implements MigrationInterface {
  name = 'LeanEventIndex1765785600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS events_by_lead;
      CREATE INDEX events_by_lead ON events (tenant_id, lead_id) WHERE lead_id IS NOT NULL;
      ALTER TABLE events DROP COLUMN IF EXISTS bant;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE events ADD COLUMN bant smallint GENERATED ALWAYS AS (${bantCodeSql('payload')}) STORED;
      DROP INDEX IF EXISTS events_by_lead;
      CREATE INDEX events_by_lead ON events (tenant_id, lead_id) INCLUDE (occurred_at, event_id, type, disposition, bant) WHERE lead_id IS NOT NULL;
    `);
  }
}
