/**
 * What-if of a campaign's funnel rules (docs/DOMAIN.md, "Each company draws its own line"): the
 * campaign's whole stored history folded again under proposed settings, nothing written.
 *
 * One read-only REPEATABLE READ transaction on a connection of its own: the stored funnel ("current")
 * and the streamed history come from the same snapshot, so with the current settings the proposed
 * funnel equals the current one exactly, even while ingest goes on. The history is read through a
 * server-side cursor (`DECLARE … CURSOR`, `FETCH n`) one row per lead: the engine keeps each lead's
 * calls coded on its row (the domain's call codes, `leads.call_codes`), so PostgreSQL reads a hundred
 * thousand short rows for a campaign of a million events and sorts nothing, the process holds one chunk
 * of leads at a time and folds only what decides the stage (`foldCallCodes`). The next chunk is fetched
 * while the current one is folded.
 */
import type { WhatIfResult } from '@leadboard/contracts';
import { foldEncodedHistory, type CampaignRules, type EncodedLead } from '@leadboard/domain';
import type { DataSource, QueryRunner } from 'typeorm';
import { CampaignMetricsReader } from '../metrics/campaign-metrics.reader';

/** Leads per FETCH (about 10 calls each): some 150 KB of text, a few milliseconds of folding. */
export const WHAT_IF_FETCH_LEADS = 5_000;

/**
 * One row per lead of the campaign with a stored event: its event count and its calls coded in fold
 * order, both kept on the row by the engine (migration LeadCallCodes). No ORDER BY: the tally does not
 * depend on the leads' order, so PostgreSQL streams them as it finds them and sorts nothing.
 */
const LEADS_QUERY = `
  DECLARE what_if_history NO SCROLL CURSOR FOR
  SELECT event_count AS events, call_codes AS calls FROM leads
   WHERE tenant_id = $1 AND campaign_id = $2 AND event_count > 0`;

/** The campaign's leads, a chunk per FETCH; the next FETCH runs while the caller folds this one. */
async function* leadChunks(qr: QueryRunner, fetchLeads: number): AsyncGenerator<EncodedLead[]> {
  const fetch = () => qr.query(`FETCH ${fetchLeads} FROM what_if_history`) as Promise<EncodedLead[]>;
  let pending = fetch();
  for (;;) {
    const rows = await pending;
    if (!rows.length) return;
    pending = fetch();
    yield rows;
  }
}

export class CampaignWhatIf {
  constructor(
    private readonly ds: DataSource,
    private readonly fetchLeads = WHAT_IF_FETCH_LEADS,
  ) {}

  /** null for an unknown campaign. */
  async run(tenantId: string, campaignId: string, proposed: Partial<CampaignRules>, now = new Date()): Promise<WhatIfResult | null> {
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      // Through the runner's own transaction start, so a tenant-scoped data source begins it with the
      // scope's tenant (tenant-scope.ts); read-only may be set after that first statement.
      await qr.startTransaction('REPEATABLE READ');
      await qr.query('SET TRANSACTION READ ONLY');
      const [campaign] = (await qr.query(`SELECT max_attempts, qualification_threshold FROM campaigns WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        campaignId,
      ])) as { max_attempts: number; qualification_threshold: number }[];
      if (!campaign) return null;
      const current: CampaignRules = { maxAttempts: campaign.max_attempts, qualificationThreshold: campaign.qualification_threshold };
      const rules: CampaignRules = { ...current, ...Object.fromEntries(Object.entries(proposed).filter(([, v]) => v !== undefined)) };
      const stored = await new CampaignMetricsReader(qr.manager).metrics(tenantId, campaignId, now);
      await qr.query(LEADS_QUERY, [tenantId, campaignId]);
      const folded = await foldEncodedHistory(leadChunks(qr, this.fetchLeads), rules);
      return {
        campaignId,
        rules: { current, proposed: rules },
        current: { stages: stored.stages, funnel: stored.funnel, rates: stored.rates },
        proposed: { stages: folded.stages, funnel: folded.funnel, rates: folded.rates },
        leads: folded.leads,
        events: folded.events,
        asOf: now.toISOString(),
      };
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      await qr.release();
    }
  }
}
