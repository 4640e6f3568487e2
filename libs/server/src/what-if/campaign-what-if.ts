/**
 * What-if of a campaign's funnel rules (docs/DOMAIN.md, "Each company draws its own line"): the
 * campaign's whole stored history folded again under proposed settings, nothing written.
 *
 * One read-only REPEATABLE READ transaction on a connection of its own: the stored funnel ("current")
 * and the streamed history come from the same snapshot, so with the current settings the proposed
 * funnel equals the current one exactly, even while ingest goes on. The history is read through a
 * server-side cursor (`DECLARE … CURSOR`, `FETCH n`) one row per lead: PostgreSQL reads the
 * `events_by_lead` index alone (migration WhatIfHistory) and codes each lead's calls into one short
 * string (the domain's call codes), so the process parses a hundred thousand short rows for a campaign of
 * a million events, holds one chunk of leads at a time, and folds only what decides the stage
 * (`foldCallCodes`). The next chunk is fetched while the current one is folded.
 */
import type { CallOutcomeEvent, Disposition, WhatIfResult } from '@leadboard/contracts';
import {
  CALL_CODE_BASE,
  CALL_DISPOSITIONS,
  encodeLeadCalls,
  foldEncodedHistory,
  storedMapping,
  type CampaignRules,
  type DispositionResolver,
  type EncodedLead,
  type LeadEvent,
} from '@leadboard/domain';
import type { DataSource, QueryRunner } from 'typeorm';
import { CampaignMetricsReader } from '../metrics/campaign-metrics.reader';

/** Leads per FETCH (about 10 events each): some 150 KB of text, a few milliseconds of folding. */
export const WHAT_IF_FETCH_LEADS = 5_000;

interface LeadRow {
  /** The lead's stored lead.created and call.outcome events. */
  n: number;
  /** Its calls coded as `encodeLeadCalls` codes them, in the order PostgreSQL sorted them. */
  calls: string;
  /** Set (to the lead's id) when a call's eventId is not plain ASCII: that lead is read again as events. */
  recheck: string | null;
}

/**
 * One row per lead of the campaign: its event count and its calls coded in event order, built by
 * PostgreSQL from the `events_by_lead` index alone. The disposition's code is its index in the
 * domain's list ($3; OTHER's, $5, for none), the BANT code is the generated `bant` column, as
 * `callCode` computes them; $4 is CALL_CODE_BASE.
 * Calls at the same millisecond are ordered by eventId byte by byte (COLLATE "C"), which is the
 * domain's order (UTF-16 units) whenever the ids are ASCII; a lead with any other id is flagged so that
 * its calls are sorted by the domain itself (`recheck`).
 */
const LEADS_QUERY = `
  DECLARE what_if_history NO SCROLL CURSOR FOR
  SELECT count(*)::int AS n,
         coalesce(string_agg(chr($4::int + coalesce(array_position($3::text[], e.disposition) - 1, $5::int) + 16 * e.bant), ''
                             ORDER BY date_trunc('milliseconds', e.occurred_at), e.event_id COLLATE "C")
                    FILTER (WHERE e.type = 'call.outcome'), '') AS calls,
         CASE WHEN bool_or(octet_length(e.event_id) <> length(e.event_id)) FILTER (WHERE e.type = 'call.outcome') THEN l.id END AS recheck
    FROM leads l JOIN events e ON e.tenant_id = l.tenant_id AND e.lead_id = l.id
   WHERE l.tenant_id = $1 AND l.campaign_id = $2 AND e.lead_id IS NOT NULL AND e.type IN ('lead.created', 'call.outcome')
   GROUP BY l.id`;

interface CallRow {
  lead_id: string;
  event_id: string;
  t: number;
  disposition: Disposition | null;
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

function toCall(r: CallRow, campaignId: string): CallOutcomeEvent {
  return {
    eventId: r.event_id,
    type: 'call.outcome',
    occurredAt: new Date(Number(r.t)).toISOString(),
    campaignId,
    leadId: r.lead_id,
    disposition: r.disposition ?? 'OTHER',
    talkSeconds: 0,
    wrapSeconds: 0,
    qualification: bantFromCode(Number(r.bant)),
  };
}

/** The flagged leads' calls, read as events and coded by the domain (same transaction, same snapshot). */
async function recoded(qr: QueryRunner, tenantId: string, campaignId: string, leadIds: string[]): Promise<Map<string, string>> {
  const rows = (await qr.query(
    `SELECT lead_id, event_id, floor(extract(epoch FROM occurred_at) * 1000)::float8 AS t, disposition, bant
       FROM events WHERE tenant_id = $1 AND lead_id = ANY($2) AND type = 'call.outcome'`,
    [tenantId, leadIds],
  )) as CallRow[];
  const byLead = new Map<string, LeadEvent[]>();
  for (const r of rows) {
    const calls = byLead.get(r.lead_id) ?? [];
    calls.push(toCall(r, campaignId));
    byLead.set(r.lead_id, calls);
  }
  return new Map([...byLead].map(([leadId, calls]) => [leadId, encodeLeadCalls(calls, storedDisposition)]));
}

/** The campaign's leads, a chunk per FETCH; the next FETCH runs while the caller folds this one. */
async function* leadChunks(qr: QueryRunner, tenantId: string, campaignId: string, fetchLeads: number): AsyncGenerator<EncodedLead[]> {
  const fetch = () => qr.query(`FETCH ${fetchLeads} FROM what_if_history`) as Promise<LeadRow[]>;
  let pending = fetch();
  for (;;) {
    const rows = await pending;
    if (!rows.length) return;
    const flagged = rows.flatMap((r) => (r.recheck === null ? [] : [r.recheck]));
    // A query between two FETCHes of the same connection: the cursor keeps its place.
    const again = flagged.length ? await recoded(qr, tenantId, campaignId, flagged) : null;
    pending = fetch();
    yield rows.map((r) => ({ events: r.n, calls: r.recheck === null ? r.calls : (again?.get(r.recheck) ?? r.calls) }));
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
      await qr.query(LEADS_QUERY, [tenantId, campaignId, CALL_DISPOSITIONS, CALL_CODE_BASE, CALL_DISPOSITIONS.indexOf('OTHER')]);
      const folded = await foldEncodedHistory(leadChunks(qr, tenantId, campaignId, this.fetchLeads), rules);
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
