/**
 * Reads of B2B accounts for the API and the metrics: a tenant's accounts (optionally those having a
 * lead in one campaign), one account with its leads, and a campaign's accounts by stage. A wall screen
 * limited to some campaigns sees the accounts having a lead in them, and only those leads.
 */
import type { AccountCounts, AccountDetail, AccountPage, AccountStage, AccountSummary, Stage } from '@leadboard/contracts';
import { emptyAccountCounts } from '@leadboard/domain';
import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

interface AccountRow {
  id: string;
  name: string;
  company_id: string | null;
  vat_id: string | null;
  sector: string | null;
  employees: number | null;
  revenue: number | null;
  stage: AccountStage;
  stage_since: Date | null;
  leads: number;
  contacts: number;
  opportunities: number;
  customers: number;
}

const DEFAULT_PAGE = 100;

function toSummary(r: AccountRow): AccountSummary {
  return {
    accountId: r.id,
    name: r.name,
    vatId: r.vat_id,
    sector: r.sector,
    stage: r.stage,
    stageSince: r.stage_since ? new Date(r.stage_since).toISOString() : null,
    leads: r.leads,
    contacts: r.contacts,
    opportunities: r.opportunities,
    customers: r.customers,
  };
}

export interface AccountListOptions {
  campaignId?: string;
  stage?: AccountStage;
  cursor?: string;
  limit?: number;
  /** The campaigns the caller may see; null for all of the tenant's. */
  visibleCampaigns: string[] | null;
}

export class AccountReader {
  constructor(private readonly db: Db) {}

  /** Accounts in id order, a page at a time. */
  async list(tenantId: string, o: AccountListOptions): Promise<AccountPage> {
    const limit = o.limit ?? DEFAULT_PAGE;
    const campaigns = o.campaignId !== undefined ? [o.campaignId] : o.visibleCampaigns;
    const rows = (await this.db.query(
      `SELECT a.* FROM accounts a
        WHERE a.tenant_id = $1
          AND ($2::text IS NULL OR a.stage = $2)
          AND ($3::text IS NULL OR a.id > $3)
          AND ($4::text[] IS NULL OR EXISTS (
                SELECT 1 FROM leads l WHERE l.tenant_id = a.tenant_id AND l.account_id = a.id AND l.campaign_id = ANY($4::text[])))
        ORDER BY a.id LIMIT $5`,
      [tenantId, o.stage ?? null, o.cursor ?? null, campaigns, limit + 1],
    )) as AccountRow[];
    const page = rows.slice(0, limit);
    return { items: page.map(toSummary), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }

  /** One account with its leads (the visible ones), or null when unknown or not visible at all. */
  async detail(tenantId: string, accountId: string, visibleCampaigns: string[] | null): Promise<AccountDetail | null> {
    const [row] = (await this.db.query('SELECT * FROM accounts WHERE tenant_id = $1 AND id = $2', [tenantId, accountId])) as AccountRow[];
    if (!row) return null;
    const leads = (await this.db.query(
      `SELECT id, campaign_id, stage, owner_operator_id FROM leads
        WHERE tenant_id = $1 AND account_id = $2 AND ($3::text[] IS NULL OR campaign_id = ANY($3::text[]))
        ORDER BY max_rank DESC, id LIMIT 500`,
      [tenantId, accountId, visibleCampaigns],
    )) as { id: string; campaign_id: string; stage: Stage; owner_operator_id: string | null }[];
    if (visibleCampaigns !== null && !leads.length) return null;
    return {
      ...toSummary(row),
      companyId: row.company_id,
      employees: row.employees,
      revenue: row.revenue,
      accountLeads: leads.map((l) => ({ leadId: l.id, campaignId: l.campaign_id, stage: l.stage, ownerOperatorId: l.owner_operator_id })),
    };
  }

  /** The account of each lead that has one: id, name and stage. */
  async ofLeads(tenantId: string, leadIds: string[]): Promise<Map<string, { accountId: string; name: string; stage: AccountStage }>> {
    if (!leadIds.length) return new Map();
    const rows = (await this.db.query(
      `SELECT l.id AS lead_id, a.id, a.name, a.stage FROM leads l JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
        WHERE l.tenant_id = $1 AND l.id = ANY($2::text[])`,
      [tenantId, leadIds],
    )) as { lead_id: string; id: string; name: string; stage: AccountStage }[];
    return new Map(rows.map((r) => [r.lead_id, { accountId: r.id, name: r.name, stage: r.stage }]));
  }

  /** Accounts having a lead in the campaign, by the account's stage (an index-only range of the campaign's linked leads). */
  async campaignCounts(tenantId: string, campaignId: string): Promise<AccountCounts> {
    const rows = (await this.db.query(
      `SELECT a.stage, count(*)::int AS n
         FROM (SELECT DISTINCT account_id FROM leads WHERE tenant_id = $1 AND campaign_id = $2 AND account_id IS NOT NULL) x
         JOIN accounts a ON a.tenant_id = $1 AND a.id = x.account_id
        GROUP BY a.stage`,
      [tenantId, campaignId],
    )) as { stage: AccountStage; n: number }[];
    const counts = emptyAccountCounts();
    for (const r of rows) counts[r.stage] = r.n;
    return counts;
  }
}
