/**
 * `knownCustomer` (domain page, "Classification errors"): a lead whose phone or e-mail is that of a
 * lead of the tenant that is already a customer must not be pitched as a stranger. Run once per batch,
 * after the batch's leads were written, over the ids of the leads it touched — one statement for the
 * whole batch, in both directions:
 * - a lead of the batch (open, not yet flagged) whose contact matches a customer is flagged;
 * - a lead of the batch that is a customer now flags the other open leads sharing its contact (a person
 *   who just bought is not a stranger on the lead that came in last week either: the flag is about who
 *   the person is, not about which lead arrived first). Those rows are not the batch's: one that a
 *   concurrent batch holds is skipped (see the SQL), the only case where a flag can be missed — when
 *   that batch itself ran its check before this one committed.
 * The flag is never cleared: being a customer is absorbing.
 *
 * Contacts are compared as stored, normalised here the same way on both sides (the expression indexes
 * of migration 1765353600000): a phone by its last 9 digits — what `+39 347 555 6666`, `0039 3475556666`
 * and `347 555 6666` (or `+33 6 12 34 56 78` and `06 12 34 56 78`) have in common whatever the prefix
 * written — and an e-mail trimmed and lower-cased.
 */
import { returnedRows, OPEN_STAGES_SQL } from '@leadboard/server';
import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import type { AfterLeadsWritten, LeadsWrittenContext } from '../events/event-applier';

/** SQL expressions of the compared keys; the migration indexes exactly these. */
export const PHONE_KEY = (alias: string) => `nullif(right(regexp_replace(${alias}.phone, '[^0-9]', '', 'g'), 9), '')`;
export const EMAIL_KEY = (alias: string) => `nullif(lower(btrim(${alias}.email)), '')`;

const OPEN_STAGES = OPEN_STAGES_SQL;

export interface FlaggedLead {
  leadId: string;
  campaignId: string;
}

export class KnownCustomerFlagger {
  constructor(private readonly m: EntityManager) {}

  /** Flags what the batch's leads reveal; answers the leads newly flagged (for the campaigns' metrics). */
  async flag(tenantId: string, leadIds: readonly string[]): Promise<FlaggedLead[]> {
    if (!leadIds.length) return [];
    // Every lookup is an equality on one indexed key, per lead of the batch (a correlated EXISTS, a
    // LATERAL, `= ANY(ARRAY(…))`): the plan stays index probes whatever the planner believes about the
    // table's size. ORed keys in one join condition, or two ORed INs, let it scan every lead of the
    // tenant instead — per set, so each set cost as much as the table was large (measured 0.5–1.9 s
    // for 3,200 leads in a young table whose statistics lagged).
    const rows = returnedRows<{ id: string; campaign_id: string }>(await this.m.query(
      `WITH batch AS MATERIALIZED (
         SELECT b.id, b.stage, b.known_customer, ${PHONE_KEY('b')} AS phone_key, ${EMAIL_KEY('b')} AS email_key
           FROM leads b WHERE b.tenant_id = $1 AND b.id = ANY($2::text[])
       ), forward AS (
         SELECT b.id FROM batch b
          WHERE NOT b.known_customer AND b.stage IN ${OPEN_STAGES}
            AND (EXISTS (SELECT 1 FROM leads c WHERE c.tenant_id = $1 AND ${PHONE_KEY('c')} = b.phone_key AND c.stage = 'customer' AND c.id <> b.id)
              OR EXISTS (SELECT 1 FROM leads c WHERE c.tenant_id = $1 AND ${EMAIL_KEY('c')} = b.email_key AND c.stage = 'customer' AND c.id <> b.id))
       ), backward AS (
         -- Leads outside the batch are not locked by it: one locked by a concurrent batch is skipped rather
         -- than waited for (lock-order deadlocks), and that batch's own forward check flags it once this commits.
         SELECT o.id FROM leads o
          WHERE o.tenant_id = $1 AND NOT o.known_customer AND o.stage IN ${OPEN_STAGES}
            AND o.id = ANY (ARRAY(
              SELECT m.id FROM batch b CROSS JOIN LATERAL (
                SELECT s.id FROM leads s WHERE s.tenant_id = $1 AND ${PHONE_KEY('s')} = b.phone_key AND s.id <> b.id
                UNION ALL
                SELECT s.id FROM leads s WHERE s.tenant_id = $1 AND ${EMAIL_KEY('s')} = b.email_key AND s.id <> b.id
              ) m
              WHERE b.stage = 'customer'))
          ORDER BY o.id
          FOR UPDATE OF o SKIP LOCKED
       )
       UPDATE leads l SET known_customer = true, updated_at = now()
        WHERE l.tenant_id = $1 AND l.id = ANY (ARRAY(SELECT id FROM forward UNION SELECT id FROM backward))
       RETURNING l.id, l.campaign_id`,
      [tenantId, leadIds],
    ));
    return rows.map((r) => ({ leadId: r.id, campaignId: r.campaign_id }));
  }
}

/** The flagger as an engine step: run on the leads each set wrote, in its transaction. */
@Injectable()
export class KnownCustomerStep implements AfterLeadsWritten {
  readonly name = 'known-customer';

  async run({ m, tenantId, leads }: LeadsWrittenContext): Promise<{ touchedCampaigns: string[] }> {
    const flagged = await new KnownCustomerFlagger(m).flag(tenantId, leads.map((l) => l.id));
    return { touchedCampaigns: [...new Set(flagged.map((f) => f.campaignId))] };
  }
}
