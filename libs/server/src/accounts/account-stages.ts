/**
 * Keeps B2B accounts in step with their leads, inside the worker's transaction (called once per batch,
 * after the leads' new state is written). Everything is done in sets — one statement per step for
 * the whole batch, never one per lead:
 *
 * 1. leads whose batch brought a `lead.created` naming a company are linked to their account: the
 *    company of the lead's latest such event among all stored ones, so the link does not depend on
 *    the order events arrived in; the account row is created on first sight;
 * 2. the accounts of the batch's leads (and those a lead just left) are locked in id order, then
 *    their figures are recomputed from their leads' stored highest ranks (`accountFigures`, libs/domain).
 *
 * Locking the accounts before reading their leads is what makes concurrent batches exact: a batch
 * that touches another lead of the same company waits for this one to commit, and its read (a new
 * statement, so a new snapshot) then sees this batch's leads as written. Lock order: leads (the
 * applier's), then accounts, then campaigns (the seq) — the same in every writer.
 */
import type { AccountMessage, AccountStage, LeadCompany, LeadCreatedEvent } from '@leadboard/contracts';
import { accountFigures, accountIdOf, compareEvents, type AccountFigures } from '@leadboard/domain';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../database/data-source';

/** An account that changed stage, with the lead of this batch that moved it: an `account` message before its seq. */
export type AccountChange = Omit<AccountMessage, 'seq'>;

interface LeadLink {
  id: string;
  account_id: string;
  name: string;
  company_id: string | null;
  vat_id: string | null;
  sector: string | null;
  employees: number | null;
  revenue: number | null;
}

export class AccountStages {
  constructor(private readonly m: EntityManager) {}

  /**
   * `leadIds`: the leads the batch changed (their rows locked by the caller); `created`: the batch's
   * new `lead.created` events; `accountOf`, when the caller read the locked rows: each lead's
   * `account_id` as read (null for a lead without one or new), which spares reading them again.
   * Returns the accounts whose stage changed.
   */
  async refresh(
    tenantId: string,
    leadIds: readonly string[],
    created: readonly LeadCreatedEvent[],
    accountOf?: ReadonlyMap<string, string | null>,
  ): Promise<AccountChange[]> {
    if (!leadIds.length) return [];
    const { left, createdAccounts, linked } = await this.link(tenantId, created);
    // The rows are locked by the caller: their account is what it read, unless linked just now.
    const touched = accountOf
      ? leadIds.flatMap((id) => {
          const account = linked.get(id) ?? accountOf.get(id) ?? null;
          return account === null ? [] : [account];
        })
      : returnedRows<{ account_id: string }>(
          await this.m.query(
            `SELECT DISTINCT account_id FROM leads WHERE tenant_id = $1 AND id = ANY($2::text[]) AND account_id IS NOT NULL`,
            [tenantId, [...leadIds]],
          ),
        ).map((r) => r.account_id);
    const accountIds = [...new Set([...touched, ...left])].sort();
    if (!accountIds.length) return [];
    return this.recompute(tenantId, accountIds, leadIds, createdAccounts);
  }

  /**
   * Links the leads of the batch's company-bearing `lead.created` to their account; returns the accounts
   * they left, those created, and each linked lead's account.
   */
  private async link(tenantId: string, created: readonly LeadCreatedEvent[]): Promise<{ left: string[]; createdAccounts: Set<string>; linked: Map<string, string> }> {
    const none = { left: [], createdAccounts: new Set<string>(), linked: new Map<string, string>() };
    const leadIds = [...new Set(created.filter((e) => e.lead.company).map((e) => e.leadId))].sort();
    if (!leadIds.length) return none;
    const latest = returnedRows<{ lead_id: string; company: LeadCompany; occurred_at: Date; event_id: string }>(
      await this.m.query(
        `SELECT lead_id, payload -> 'lead' -> 'company' AS company, occurred_at, event_id FROM events
          WHERE tenant_id = $1 AND lead_id = ANY($2::text[]) AND type = 'lead.created' AND payload -> 'lead' -> 'company' IS NOT NULL
            AND jsonb_typeof(payload -> 'lead' -> 'company') = 'object'`,
        [tenantId, leadIds],
      ),
    );
    // The latest by (instant, eventId), as the domain orders events: not the order they arrived in.
    const byLead = new Map<string, (typeof latest)[number]>();
    const key = (r: (typeof latest)[number]) => ({ occurredAt: new Date(r.occurred_at).toISOString(), eventId: r.event_id });
    for (const r of latest) {
      const known = byLead.get(r.lead_id);
      if (!known || compareEvents(key(known), key(r)) < 0) byLead.set(r.lead_id, r);
    }
    const links: LeadLink[] = [];
    for (const [id, r] of [...byLead.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const accountId = accountIdOf(r.company);
      if (!accountId) continue;
      const c = r.company;
      links.push({
        id,
        account_id: accountId,
        name: c.name.trim(),
        company_id: c.id ?? null,
        vat_id: c.vatId ?? null,
        sector: c.sector ?? null,
        employees: c.employees ?? null,
        revenue: c.revenue ?? null,
      });
    }
    if (!links.length) return none;
    // The first details seen of a company stay (DO NOTHING also takes no lock on a known account:
    // accounts are locked once, in id order, by recompute).
    const accounts = [...new Map(links.map((l) => [l.account_id, l])).values()].sort((a, b) => (a.account_id < b.account_id ? -1 : 1));
    const inserted = returnedRows<{ id: string }>(
      await this.m.query(
        `INSERT INTO accounts (tenant_id, id, name, company_id, vat_id, sector, employees, revenue)
         SELECT $1, x.account_id, x.name, x.company_id, x.vat_id, x.sector, x.employees, x.revenue
           FROM jsonb_to_recordset($2::jsonb) AS x(account_id text, name text, company_id text, vat_id text, sector text,
                employees double precision, revenue double precision)
          ORDER BY x.account_id
         ON CONFLICT (tenant_id, id) DO NOTHING
         RETURNING id`,
        [tenantId, JSON.stringify(accounts)],
      ),
    );
    const moved = returnedRows<{ old_account: string | null }>(
      await this.m.query(
        `WITH old AS (SELECT id, account_id FROM leads WHERE tenant_id = $1 AND id = ANY($3::text[]))
         UPDATE leads l SET account_id = x.account_id
           FROM jsonb_to_recordset($2::jsonb) AS x(id text, account_id text), old
          WHERE l.tenant_id = $1 AND l.id = x.id AND old.id = x.id AND l.account_id IS DISTINCT FROM x.account_id
         RETURNING old.account_id AS old_account`,
        [tenantId, JSON.stringify(links.map((l) => ({ id: l.id, account_id: l.account_id }))), links.map((l) => l.id)],
      ),
    );
    return {
      left: moved.map((r) => r.old_account).filter((a): a is string => a !== null),
      createdAccounts: new Set(inserted.map((r) => r.id)),
      linked: new Map(links.map((l) => [l.id, l.account_id])),
    };
  }

  private async recompute(tenantId: string, accountIds: string[], batchLeads: readonly string[], created: ReadonlySet<string>): Promise<AccountChange[]> {
    const before = returnedRows<{ id: string; name: string; stage: AccountStage }>(
      await this.m.query(`SELECT id, name, stage FROM accounts WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id FOR UPDATE`, [tenantId, accountIds]),
    );
    const leads = returnedRows<{ id: string; account_id: string; campaign_id: string; max_rank: number; last_event_at: Date | null }>(
      await this.m.query(
        `SELECT id, account_id, campaign_id, max_rank, last_event_at FROM leads WHERE tenant_id = $1 AND account_id = ANY($2::text[])`,
        [tenantId, accountIds],
      ),
    );
    const byAccount = new Map<string, typeof leads>();
    for (const l of leads) byAccount.set(l.account_id, [...(byAccount.get(l.account_id) ?? []), l]);
    const inBatch = new Set(batchLeads);
    const changes: AccountChange[] = [];
    const updates: (AccountFigures & { id: string; stage_since: string | null })[] = [];
    const emptied: string[] = [];
    for (const account of before) {
      const members = byAccount.get(account.id) ?? [];
      if (!members.length) {
        emptied.push(account.id);
        continue;
      }
      const figures = accountFigures(members.map((l) => ({ maxRank: Number(l.max_rank) })));
      const from = created.has(account.id) ? null : account.stage;
      let stageSince: string | null = null;
      if (figures.stage !== from) {
        // The lead of this batch that moved it: the highest ranked, then the latest touched.
        const mover = members
          .filter((l) => inBatch.has(l.id))
          .sort((a, b) => Number(b.max_rank) - Number(a.max_rank) || (b.last_event_at?.valueOf() ?? 0) - (a.last_event_at?.valueOf() ?? 0))[0] ?? members[0];
        stageSince = mover.last_event_at ? new Date(mover.last_event_at).toISOString() : null;
        changes.push({ accountId: account.id, name: account.name, from, to: figures.stage, at: stageSince ?? new Date().toISOString(), leadId: mover.id, campaignId: mover.campaign_id });
      }
      updates.push({ id: account.id, ...figures, stage_since: stageSince });
    }
    if (updates.length) {
      await this.m.query(
        `UPDATE accounts a SET stage = x.stage, leads = x.leads, contacts = x.contacts, opportunities = x.opportunities,
                customers = x.customers, stage_since = coalesce(x.stage_since, a.stage_since), updated_at = now()
           FROM jsonb_to_recordset($2::jsonb) AS x(id text, stage text, leads int, contacts int, opportunities int, customers int, stage_since timestamptz)
          WHERE a.tenant_id = $1 AND a.id = x.id`,
        [tenantId, JSON.stringify(updates)],
      );
    }
    if (emptied.length) await this.m.query(`DELETE FROM accounts WHERE tenant_id = $1 AND id = ANY($2::text[])`, [tenantId, emptied]);
    return changes;
  }
}
