/**
 * A campaign's target and hot threshold, edited with its other settings (`PATCH /api/v1/campaigns/{id}`).
 * A change recomputes the campaign's open leads at once, in sets (chunks of 2,000, each one SELECT and one
 * UPDATE), before the PATCH answers, then pushes `queue` so the console and the managers' view re-read the
 * queue: what the manager sees next is already the new order.
 */
import { Injectable } from '@nestjs/common';
import { DEFAULT_HOT_THRESHOLD, type CampaignSettingsPatch, type QueueChangedMessage } from '@leadboard/contracts';
import { LeadPriorityRefresher, LivePublisher, storedTarget } from '@leadboard/server';
import type { TargetRule } from '@leadboard/domain';
import { DataSource } from 'typeorm';

export interface TargetSettings {
  target: TargetRule[];
  hotThreshold: number;
}

@Injectable()
export class TargetSettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly live: LivePublisher,
  ) {}

  async read(tenantId: string, campaignId: string): Promise<TargetSettings> {
    const [row] = (await this.ds.query(`SELECT target, hot_threshold FROM campaigns WHERE tenant_id = $1 AND id = $2`, [tenantId, campaignId])) as {
      target: unknown;
      hot_threshold: number | null;
    }[];
    return { target: storedTarget(row?.target), hotThreshold: row?.hot_threshold ?? DEFAULT_HOT_THRESHOLD };
  }

  /** Stores what the patch changes; when the target or the threshold changed, recomputes and pushes. Call after the campaign was found. */
  async apply(tenantId: string, campaignId: string, patch: Pick<CampaignSettingsPatch, 'target' | 'hotThreshold'>, now: Date = new Date()): Promise<TargetSettings> {
    const before = await this.read(tenantId, campaignId);
    if (patch.target === undefined && patch.hotThreshold === undefined) return before;
    const after: TargetSettings = { target: (patch.target as TargetRule[] | undefined) ?? before.target, hotThreshold: patch.hotThreshold ?? before.hotThreshold };
    if (JSON.stringify(after) === JSON.stringify(before)) return before;
    await this.ds.query(`UPDATE campaigns SET target = $3::jsonb, hot_threshold = $4 WHERE tenant_id = $1 AND id = $2`, [
      tenantId,
      campaignId,
      JSON.stringify(after.target),
      after.hotThreshold,
    ]);
    const done = await LeadPriorityRefresher.recomputeCampaign(this.ds, tenantId, { campaignId, ...after }, { all: true, now, lock: 'wait' });
    const msg: QueueChangedMessage = { campaignId, cause: 'target', changed: done.changed, at: now.toISOString() };
    this.live.queueChanged(tenantId, msg);
    return after;
  }
}
