/**
 * What-if of a campaign's funnel rules (docs/DOMAIN.md, "Each company draws its own line"): the
 * campaign's whole stored history folded again under proposed settings, nothing written.
 *
 * One read-only REPEATABLE READ transaction on a connection of its own: the stored funnel ("current")
 * and the streamed history come from the same snapshot, so with the current settings the proposed
 * funnel equals the current one exactly, even while ingest goes on. The history is read through a
 * server-side cursor (`DECLARE … CURSOR`, `FETCH n`), ordered by lead, so the process holds one chunk
 * of rows and one lead's events at a time, never the whole history; the next chunk is fetched while
 * the current one is folded. Only the columns the fold reads are selected: the stored (already mapped)
 * disposition, the time as epoch milliseconds, and the call's BANT answers out of the payload.
 */
import type { CallOutcomeEvent, Disposition, LeadCreatedEvent, WhatIfResult } from '@leadboard/contracts';
import { foldHistoryUnderRules, storedMapping, type CampaignRules, type DispositionResolver, type LeadEvent } from '@leadboard/domain';
import type { DataSource, QueryRunner } from 'typeorm';
import { CampaignMetricsReader } from '../metrics/campaign-metrics.reader';

/** Rows per FETCH: large enough that round trips do not dominate, small enough to bound memory (~2 MB). */
export const WHAT_IF_FETCH_ROWS = 10_000;

interface HistoryRow {
  lead_id: string;
  event_id: string;
  type: 'lead.created' | 'call.outcome';
  t: number;
  disposition: Disposition | null;
  q: CallOutcomeEvent['qualification'];
}

/** Each call folds with the disposition it was stored with, as the worker's refold does. */
const storedDisposition: DispositionResolver = (e) => storedMapping(e.disposition as Disposition);

function toEvent(r: HistoryRow, campaignId: string): LeadEvent {
  const occurredAt = new Date(Number(r.t)).toISOString();
  if (r.type === 'lead.created') {
    return { eventId: r.event_id, type: 'lead.created', occurredAt, campaignId, leadId: r.lead_id, lead: { source: 'other' } } satisfies LeadCreatedEvent;
  }
  return {
    eventId: r.event_id,
    type: 'call.outcome',
    occurredAt,
    campaignId,
    leadId: r.lead_id,
    disposition: r.disposition ?? 'OTHER',
    talkSeconds: 0,
    wrapSeconds: 0,
    qualification: r.q,
  } satisfies CallOutcomeEvent;
}

/** The campaign's lead events ordered by lead, a chunk per FETCH; the next FETCH runs while the caller folds. */
async function* historyChunks(qr: QueryRunner, campaignId: string, fetchRows: number): AsyncGenerator<LeadEvent[]> {
  const fetch = () => qr.query(`FETCH ${fetchRows} FROM what_if_history`) as Promise<HistoryRow[]>;
  let pending = fetch();
  for (;;) {
    const rows = await pending;
    if (!rows.length) return;
    pending = fetch();
    yield rows.map((r) => toEvent(r, campaignId));
  }
}

export class CampaignWhatIf {
  constructor(
    private readonly ds: DataSource,
    private readonly fetchRows = WHAT_IF_FETCH_ROWS,
  ) {}

  /** null for an unknown campaign. */
  async run(tenantId: string, campaignId: string, proposed: Partial<CampaignRules>, now = new Date()): Promise<WhatIfResult | null> {
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const [campaign] = (await qr.query(`SELECT max_attempts, qualification_threshold FROM campaigns WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        campaignId,
      ])) as { max_attempts: number; qualification_threshold: number }[];
      if (!campaign) return null;
      const current: CampaignRules = { maxAttempts: campaign.max_attempts, qualificationThreshold: campaign.qualification_threshold };
      const rules: CampaignRules = { ...current, ...Object.fromEntries(Object.entries(proposed).filter(([, v]) => v !== undefined)) };
      const stored = await new CampaignMetricsReader(qr.manager).metrics(tenantId, campaignId, now);
      // Leads by id, each lead's events through events_by_lead: a merge of two index orders, no sort.
      await qr.query(
        `DECLARE what_if_history NO SCROLL CURSOR FOR
         SELECT e.lead_id, e.event_id, e.type, (extract(epoch FROM e.occurred_at) * 1000)::float8 AS t, e.disposition,
                CASE WHEN e.type = 'call.outcome' THEN e.payload -> 'qualification' END AS q
           FROM leads l JOIN events e ON e.tenant_id = l.tenant_id AND e.lead_id = l.id
          WHERE l.tenant_id = $1 AND l.campaign_id = $2 AND e.type IN ('lead.created', 'call.outcome')
          ORDER BY l.id`,
        [tenantId, campaignId],
      );
      const folded = await foldHistoryUnderRules(historyChunks(qr, campaignId, this.fetchRows), rules, storedDisposition);
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
      await qr.query('ROLLBACK').catch(() => undefined);
      await qr.release();
    }
  }
}
