/** Tenant-scoped reads for the REST API and the socket snapshot; every query names the tenant. */
import { Injectable, NotFoundException } from '@nestjs/common';
import type { CampaignMetrics, CampaignSummary, LeadDetail, LeadListItem, LeadPage, OperatorView, SnapshotMessage, Stage } from '@leadboard/contracts';
import { snapshotForWallScreen } from '@leadboard/domain';
import { AccountReader, AlertRepository, CampaignMetricsReader, toTransitionView, type TransitionRow } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { canSeeCampaign, mayReadPersonalData, type Principal } from '../auth/principal';

@Injectable()
export class ReadModelService {
  private readonly metricsReader: CampaignMetricsReader;

  constructor(private readonly ds: DataSource) {
    this.metricsReader = new CampaignMetricsReader(ds);
  }

  async campaigns(p: Principal): Promise<CampaignSummary[]> {
    const rows = (await this.ds.query(
      `SELECT c.id, c.name, c.time_zone, c.max_attempts, c.qualification_threshold,
              (SELECT count(*) FROM leads l WHERE l.tenant_id = c.tenant_id AND l.campaign_id = c.id) AS leads
         FROM campaigns c WHERE c.tenant_id = $1 ORDER BY c.id`,
      [p.tenantId],
    )) as { id: string; name: string; time_zone: string; max_attempts: number; qualification_threshold: number; leads: string }[];
    return rows
      .filter((r) => canSeeCampaign(p, r.id))
      .map((r) => ({
        campaignId: r.id,
        name: r.name,
        timeZone: r.time_zone,
        maxAttempts: r.max_attempts,
        qualificationThreshold: r.qualification_threshold,
        leads: Number(r.leads),
      }));
  }

  /** 404 for a campaign of another tenant or outside a wall token's scope: saying "it exists" would leak. */
  async assertCampaign(p: Principal, campaignId: string): Promise<void> {
    if (!canSeeCampaign(p, campaignId) || !(await this.metricsReader.exists(p.tenantId, campaignId))) {
      throw new NotFoundException(`campaign ${campaignId} not found`);
    }
  }

  /**
   * The dashboards' most frequent read: its handful of statements in one transaction, since behind
   * the tenant walls each lone statement would be a transaction of its own (docs/SECURITY.md).
   */
  async metrics(p: Principal, campaignId: string): Promise<CampaignMetrics> {
    return this.ds.transaction(async (m) => {
      const reader = new CampaignMetricsReader(m);
      if (!canSeeCampaign(p, campaignId) || !(await reader.exists(p.tenantId, campaignId))) throw new NotFoundException(`campaign ${campaignId} not found`);
      return reader.metrics(p.tenantId, campaignId);
    });
  }

  /**
   * The snapshot's seq is read before the figures: a message with a higher seq may already be
   * included in them, which is harmless (metrics messages replace, transitions only feed the list).
   * A campaign not used yet gets an empty snapshot at seq 0.
   */
  async snapshot(p: Principal, campaignId: string): Promise<SnapshotMessage> {
    const seq = await this.metricsReader.currentSeq(p.tenantId, campaignId);
    const [metrics, operators, recentTransitions] = await Promise.all([
      this.metricsReader.metrics(p.tenantId, campaignId),
      this.visibleOperators(p, campaignId),
      this.metricsReader.recentTransitions(p.tenantId, campaignId, 50),
    ]);
    const snapshot = { campaignId, seq, metrics, operators, alerts: await new AlertRepository(this.ds).openForCampaign(p.tenantId, campaignId), recentTransitions };
    return mayReadPersonalData(p) ? snapshot : snapshotForWallScreen(snapshot);
  }

  async leads(p: Principal, campaignId: string, q: { stage?: string; owner?: string; cursor?: string; limit?: number }): Promise<LeadPage> {
    await this.assertCampaign(p, campaignId);
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
    const rows = (await this.ds.query(
      `SELECT id, stage, owner_operator_id, attempts, updated_at, last_event_at, stage_since, priority, hot, priority_reasons FROM leads
        WHERE tenant_id = $1 AND campaign_id = $2
          AND ($3::text IS NULL OR stage = $3) AND ($4::text IS NULL OR owner_operator_id = $4)
          AND ($5::text IS NULL OR id > $5)
        ORDER BY id LIMIT $6`,
      [p.tenantId, campaignId, q.stage ?? null, q.owner ?? null, q.cursor ?? null, limit + 1],
    )) as {
      id: string;
      stage: Stage;
      owner_operator_id: string | null;
      attempts: number;
      updated_at: Date;
      last_event_at: Date | null;
      stage_since: Date | null;
      priority: number;
      hot: boolean;
      priority_reasons: LeadListItem['priorityReasons'];
    }[];
    const page = rows.slice(0, limit);
    return {
      items: page.map(
        (r): LeadListItem => ({
          leadId: r.id,
          stage: r.stage,
          ownerOperatorId: r.owner_operator_id,
          attempts: r.attempts,
          updatedAt: new Date(r.updated_at).toISOString(),
          lastTouchedAt: r.last_event_at ? new Date(r.last_event_at).toISOString() : null,
          stageSince: r.stage_since ? new Date(r.stage_since).toISOString() : null,
          priority: r.priority,
          hot: r.hot,
          priorityReasons: r.priority_reasons,
        }),
      ),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  async lead(p: Principal, leadId: string): Promise<LeadDetail> {
    const [r] = (await this.ds.query(`SELECT * FROM leads WHERE tenant_id = $1 AND id = $2`, [p.tenantId, leadId])) as Record<string, never>[];
    if (!r || !canSeeCampaign(p, r['campaign_id'])) throw new NotFoundException(`lead ${leadId} not found`);
    const transitions = (await this.ds.query(
      `SELECT lead_id, campaign_id, from_stage, to_stage, at, operator_id, cause, event_id
         FROM stage_transitions WHERE tenant_id = $1 AND lead_id = $2 ORDER BY at, id`,
      [p.tenantId, leadId],
    )) as TransitionRow[];
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    const detail: LeadDetail = {
      leadId: r['id'],
      campaignId: r['campaign_id'],
      stage: r['stage'],
      ownerOperatorId: r['owner_operator_id'],
      source: r['source'],
      attempts: r['attempts'],
      qualification: { need: r['bant_need'], budget: r['bant_budget'], authority: r['bant_authority'], timeline: r['bant_timeline'] },
      lastDisposition: r['last_disposition'],
      callbackAt: iso(r['callback_at']),
      firstEventAt: iso(r['first_event_at']),
      knownCustomer: r['known_customer'] === true,
      account: r['account_id'] ? ((await new AccountReader(this.ds).ofLeads(p.tenantId, [leadId])).get(leadId) ?? null) : null,
      transitions: transitions.map(toTransitionView),
      priority: r['priority'],
      hot: r['hot'],
      priorityReasons: r['priority_reasons'],
    };
    if (mayReadPersonalData(p)) detail.contact = { name: r['name'], phone: r['phone'], email: r['email'] };
    return detail;
  }

  async operators(p: Principal, campaignId: string | null): Promise<OperatorView[]> {
    if (campaignId !== null) await this.assertCampaign(p, campaignId);
    return this.visibleOperators(p, campaignId);
  }

  /**
   * Users and unlimited wall tokens see every operator of the tenant; a wall token limited to some
   * campaigns sees only the operators of those campaigns: working on one now (their latest state named
   * it), or owning open leads in one.
   */
  private async visibleOperators(p: Principal, campaignId: string | null): Promise<OperatorView[]> {
    const operators = await this.metricsReader.operators(p.tenantId, campaignId);
    if (p.kind !== 'wall' || p.campaignIds === null) return operators;
    const scope = campaignId !== null ? [campaignId] : p.campaignIds;
    const rows = (await this.ds.query(
      `SELECT id FROM operators WHERE tenant_id = $1 AND campaign_id = ANY($2::text[])
       UNION SELECT operator_id FROM operator_lead_counts WHERE tenant_id = $1 AND campaign_id = ANY($2::text[]) AND leads > 0`,
      [p.tenantId, scope],
    )) as { id: string }[];
    const visible = new Set(rows.map((r) => r.id));
    return operators.filter((o) => visible.has(o.operatorId));
  }
}
