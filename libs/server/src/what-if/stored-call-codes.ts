/**
 * A lead's call codes (libs/domain call-codes.ts) computed from its stored events, for leads whose row
 * does not hold them yet: migration LeadCallCodes fills every existing lead this way. The engine keeps
 * them from then on as it applies events; this is the same coding done by PostgreSQL from the stored
 * events, as the what-if did before the engine kept the codes.
 */
import type { CallOutcomeEvent, Disposition } from '@leadboard/contracts';
import { CALL_CODE_BASE, CALL_DISPOSITIONS, encodeLeadCalls, storedMapping, type DispositionResolver, type LeadEvent } from '@leadboard/domain';
import type { Queryable } from '../sequence/sequence-allocator';

/**
 * A stored call's qualification answers as one number, as libs/domain's `bantCode` computes them: two
 * bits per answer (0 none, 1 false, 2 true), need, budget, authority, timeline from the lowest bits.
 */
export function bantCodeSql(payload: string): string {
  const code = (key: string) => `CASE ${payload} -> 'qualification' ->> '${key}' WHEN 'true' THEN 2 WHEN 'false' THEN 1 ELSE 0 END`;
  return `((${code('need')}) + 4 * (${code('budget')}) + 16 * (${code('authority')}) + 64 * (${code('timeline')}))`;
}

/**
 * Every lead's event count and calls, coded per lead from its stored lead.created and call.outcome
 * events. The disposition's code is its index in the domain's list ($1; OTHER's, $3, for none), the
 * BANT code is `bantCodeSql` of the payload, as `callCode` computes them; $2 is CALL_CODE_BASE.
 * Calls at the same millisecond are ordered by eventId byte by byte (COLLATE "C"), which is the
 * domain's order (UTF-16 units) whenever the ids are ASCII; the leads with any other id are coded again
 * by the domain itself (`recodeNonAsciiLeads`). bench/what-if.mjs runs the same statement for its
 * campaign written by SQL.
 */
export const RECODE_LEADS_SQL = `
  UPDATE leads l SET call_codes = c.calls, event_count = c.n
    FROM (SELECT e.tenant_id, e.lead_id, count(*)::int AS n,
                 coalesce(string_agg(chr($2::int + coalesce(array_position($1::text[], e.disposition) - 1, $3::int) + 16 * ${bantCodeSql('e.payload')}), ''
                                     ORDER BY date_trunc('milliseconds', e.occurred_at), e.event_id COLLATE "C")
                            FILTER (WHERE e.type = 'call.outcome'), '') AS calls
            FROM events e
           WHERE e.lead_id IS NOT NULL AND e.type IN ('lead.created', 'call.outcome')
           GROUP BY e.tenant_id, e.lead_id) c
   WHERE l.tenant_id = c.tenant_id AND l.id = c.lead_id`;

export const RECODE_LEADS_PARAMS = [CALL_DISPOSITIONS, CALL_CODE_BASE, CALL_DISPOSITIONS.indexOf('OTHER')] as const;

interface CallRow {
  tenant_id: string;
  lead_id: string;
  event_id: string;
  t: number;
  disposition: Disposition | null;
  bant: number;
}

const answer = (code: number): boolean | null => (code === 2 ? true : code === 1 ? false : null);

/** A `bantCodeSql` code back to the answers a call carried (null when it carried none). */
export function bantFromCode(code: number): CallOutcomeEvent['qualification'] {
  if (!code) return null;
  return { need: answer(code & 3), budget: answer((code >> 2) & 3), authority: answer((code >> 4) & 3), timeline: answer((code >> 6) & 3) };
}

/** Each call coded with the disposition it was stored with, as the worker's refold folds it. */
const storedDisposition: DispositionResolver = (e) => storedMapping(e.disposition as Disposition);

function toCall(r: CallRow): CallOutcomeEvent {
  return {
    eventId: r.event_id,
    type: 'call.outcome',
    occurredAt: new Date(Number(r.t)).toISOString(),
    campaignId: '',
    leadId: r.lead_id,
    disposition: r.disposition ?? 'OTHER',
    talkSeconds: 0,
    wrapSeconds: 0,
    qualification: bantFromCode(Number(r.bant)),
  };
}

/** The leads with a call whose eventId is not plain ASCII: their calls sorted and coded by the domain. */
export async function recodeNonAsciiLeads(db: Queryable): Promise<number> {
  const rows = (await db.query(
    `SELECT e.tenant_id, e.lead_id, e.event_id, floor(extract(epoch FROM e.occurred_at) * 1000)::float8 AS t, e.disposition, ${bantCodeSql('e.payload')} AS bant
       FROM events e
      WHERE e.type = 'call.outcome' AND (e.tenant_id, e.lead_id) IN (
              SELECT tenant_id, lead_id FROM events
               WHERE lead_id IS NOT NULL AND type = 'call.outcome' AND octet_length(event_id) <> length(event_id))`,
  )) as CallRow[];
  const byLead = new Map<string, { tenantId: string; leadId: string; calls: LeadEvent[] }>();
  for (const r of rows) {
    const key = `${r.tenant_id}/${r.lead_id}`;
    const lead = byLead.get(key) ?? { tenantId: r.tenant_id, leadId: r.lead_id, calls: [] };
    lead.calls.push(toCall(r));
    byLead.set(key, lead);
  }
  const leads = [...byLead.values()];
  if (!leads.length) return 0;
  await db.query(
    `UPDATE leads l SET call_codes = x.calls FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(tenant_id, lead_id, calls)
      WHERE l.tenant_id = x.tenant_id AND l.id = x.lead_id`,
    [leads.map((l) => l.tenantId), leads.map((l) => l.leadId), leads.map((l) => encodeLeadCalls(l.calls, storedDisposition))],
  );
  return leads.length;
}
