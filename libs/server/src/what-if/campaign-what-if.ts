/**
 * What-if of a campaign's funnel rules (docs/DOMAIN.md, "Each company draws its own line"): the
 * campaign's whole stored history folded again under proposed settings, nothing written.
 *
 * One read-only REPEATABLE READ transaction on a connection of its own: the stored funnel ("current")
 * and the streamed history come from the same snapshot, so with the current settings the proposed
 * funnel equals the current one exactly, even while ingest goes on. The history is read through a
 * server-side cursor (`DECLARE … CURSOR`, `FETCH n`), ordered by lead, so the process holds one chunk
 * of rows and one lead's events at a time, never the whole history; the next chunk is fetched while
 * the current one is folded. Only the columns the fold reads are selected — the stored (already mapped)
 * disposition, the time as epoch milliseconds, the call's BANT answers as the 2-bit codes of the
 * generated `bant` column — all held by the `events_by_lead` index, so PostgreSQL reads the index
 * alone, never the events' payloads (migration WhatIfHistory).
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
  /** 2 bits per answer (0 not given, 1 false, 2 true): need, budget, authority, timeline from the low bits. */
  bant: number;
}

const answer = (code: number): boolean | null => (code === 2 ? true : code === 1 ? false : null);

/** The `bant` column's code back to the answers a call carried (null when it carried none). */
export function bantFromCode(code: number): CallOutcomeEvent['qualification'] {
  if (!code) return null;
  return { need: answer(code & 3), budget: answer((code >> 2) & 3), authority: answer((code >> 4) & 3), timeline: answer((code >> 6) & 3) };
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
    qualification: bantFromCode(Number(r.bant)),
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
      // Leads by id merged with events_by_lead's order (index-only): no sort but the few events of each lead.
      await qr.query(
        `DECLARE what_if_history NO SCROLL CURSOR FOR
         SELECT e.lead_id, e.event_id, e.type, (extract(epoch FROM e.occurred_at) * 1000)::float8 AS t, e.disposition, e.bant
           FROM leads l JOIN events e ON e.tenant_id = l.tenant_id AND e.lead_id = l.id
          WHERE l.tenant_id = $1 AND l.campaign_id = $2 AND e.lead_id IS NOT NULL AND e.type IN ('lead.created', 'call.outcome')
          ORDER BY l.id, e.occurred_at, e.event_id`,
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
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      await qr.release();
    }
  }
}
