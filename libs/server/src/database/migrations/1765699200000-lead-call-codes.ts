import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECODE_LEADS_PARAMS, RECODE_LEADS_SQL, recodeNonAsciiLeads } from '../../what-if/stored-call-codes';

/**
 * The what-if reads each lead's calls already coded (docs/ARCHITECTURE.md, "What-if"): the engine keeps
 * them on the lead's row as it applies events, in the same write as the rest of the fold.
 *
 * - `call_codes`: the lead's calls in fold order, one character each (libs/domain call-codes.ts);
 * - `event_count`: its stored lead.created and call.outcome events, which the what-if reports.
 *
 * Both are filled here for every existing lead from its stored events, as the what-if coded them until
 * now (stored-call-codes.ts): PostgreSQL codes the calls in one statement, and the few leads with a
 * non-ASCII call id are coded again by the domain, whose order PostgreSQL's byte order may not match.
 * No index: the what-if finds a campaign's leads through `leads_by_campaign_stage` (or a sequential scan
 * when the campaign is most of the table), and one more index holding the codes would be written on every
 * lead update.
 */
export class LeadCallCodes1765699200000 implements MigrationInterface {
  name = 'LeadCallCodes1765699200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE leads ADD COLUMN call_codes text NOT NULL DEFAULT '', ADD COLUMN event_count int NOT NULL DEFAULT 0`);
    await q.query(RECODE_LEADS_SQL, [...RECODE_LEADS_PARAMS]);
    await recodeNonAsciiLeads(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE leads DROP COLUMN IF EXISTS call_codes, DROP COLUMN IF EXISTS event_count`);
  }
}
