/**
 * Suggestions for one campaign: two bounded reads — the campaign's prospects and opportunities
 * (index range on stage) and the tenant's operators with their load in the campaign (counters) —
 * then the domain's pure policy, with the campaign's own prospect SLA and senior cap (its alert
 * thresholds), so that applying the suggestions is what quiets those alerts.
 */
import { Injectable } from '@nestjs/common';
import type { ReassignmentSuggestions, Stage } from '@leadboard/contracts';
import { policyFromThresholds, resolveThresholds, suggestReassignments, type AlertThresholds, type SuggestionOperator } from '@leadboard/domain';
import { CampaignMetricsReader } from '@leadboard/server';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ReadModelService } from '../read/read-model.service';

@Injectable()
export class ReassignmentSuggestionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly read: ReadModelService,
  ) {}

  async suggestions(p: Principal, campaignId: string, now: Date = new Date()): Promise<ReassignmentSuggestions> {
    await this.read.assertCampaign(p, campaignId);
    const [[campaign], leads, whereabouts, views] = await Promise.all([
      this.ds.query(`SELECT alert_thresholds FROM campaigns WHERE tenant_id = $1 AND id = $2`, [p.tenantId, campaignId]) as Promise<
        { alert_thresholds: Partial<AlertThresholds> | null }[]
      >,
      this.ds.query(
        `SELECT id, stage, owner_operator_id, last_event_at FROM leads
          WHERE tenant_id = $1 AND campaign_id = $2 AND stage IN ('prospect', 'opportunity')`,
        [p.tenantId, campaignId],
      ) as Promise<{ id: string; stage: Stage; owner_operator_id: string | null; last_event_at: Date | null }[]>,
      this.ds.query(`SELECT id, campaign_id FROM operators WHERE tenant_id = $1`, [p.tenantId]) as Promise<{ id: string; campaign_id: string | null }[]>,
      new CampaignMetricsReader(this.ds).operators(p.tenantId, campaignId, now),
    ]);
    const workingOn = new Map(whereabouts.map((o) => [o.id, o.campaign_id]));
    const operators: SuggestionOperator[] = views.map((v) => {
      const openProspects = (v.load?.openLeads.prospect ?? 0) + (v.load?.openLeads.opportunity ?? 0);
      const campaignNow = workingOn.get(v.operatorId) ?? null;
      return {
        operatorId: v.operatorId,
        name: v.name,
        seniority: v.seniority,
        state: v.state,
        openProspects,
        callbacksDue: v.load?.callbacksDue ?? 0,
        // As the closer-overload alert sees it: someone working on another campaign now is not a closer with room here.
        onCampaign: campaignNow === null || campaignNow === campaignId || openProspects > 0,
      };
    });
    const policy = policyFromThresholds(resolveThresholds(campaign?.alert_thresholds));
    const result = suggestReassignments(
      {
        now: now.toISOString(),
        leads: leads.map((l) => ({
          leadId: l.id,
          stage: l.stage,
          ownerOperatorId: l.owner_operator_id,
          lastTouchedAt: l.last_event_at ? new Date(l.last_event_at).toISOString() : null,
        })),
        operators,
      },
      policy,
    );
    return { campaignId, asOf: now.toISOString(), ...result };
  }
}
