/** A campaign's settings as managers edit them: name, time zone, funnel rules and alert thresholds. */
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ALERT_THRESHOLD_KEYS, type CampaignSettings, type CampaignSettingsPatch } from '@leadboard/contracts';
import { EVENTS_QUEUE, REFOLD_CAMPAIGN_JOB, reapplyJobOptions, returnedRows, type RefoldCampaignJob } from '@leadboard/server';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { TargetSettingsService } from '../priority/target-settings.service';

interface CampaignRow {
  id: string;
  name: string;
  time_zone: string;
  max_attempts: number;
  qualification_threshold: number;
  cooling_off_days: number;
  alert_thresholds: Record<string, unknown> | null;
  old_max_attempts: number;
  old_qualification_threshold: number;
}

@Injectable()
export class CampaignSettingsService {
  private readonly logger = new Logger(CampaignSettingsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly targets: TargetSettingsService,
    @InjectQueue(EVENTS_QUEUE) private readonly queue: Queue<RefoldCampaignJob>,
  ) {}

  /**
   * One UPDATE: fields left out keep their value; `alertThresholds` is merged into the stored overrides
   * (a key set to null drops that override, `alertThresholds: null` drops them all). Funnel settings
   * apply to events processed from now on and, when they changed, the campaign's history is folded
   * again under them by the worker (a `refold-campaign` job); thresholds apply to the next alert evaluation.
   */
  async update(p: Principal, campaignId: string, patch: CampaignSettingsPatch): Promise<CampaignSettings> {
    const thresholds = patch.alertThresholds;
    const dropKeys = thresholds ? Object.keys(thresholds).filter((k) => thresholds[k as keyof typeof thresholds] === null) : [];
    const setKeys = thresholds ? Object.fromEntries(Object.entries(thresholds).filter(([, v]) => typeof v === 'number')) : {};
    const rows = returnedRows<CampaignRow>(
      await this.ds.query(
        `WITH old AS (SELECT id, max_attempts, qualification_threshold FROM campaigns WHERE tenant_id = $1 AND id = $2 FOR UPDATE)
         UPDATE campaigns SET
            name = coalesce($3, name),
            time_zone = coalesce($4, time_zone),
            max_attempts = coalesce($5, campaigns.max_attempts),
            qualification_threshold = coalesce($6, campaigns.qualification_threshold),
            cooling_off_days = coalesce($11, campaigns.cooling_off_days),
            alert_thresholds = CASE
              WHEN $7::boolean THEN NULL
              WHEN $8::boolean THEN nullif((coalesce(alert_thresholds, '{}'::jsonb) - $9::text[]) || $10::jsonb, '{}'::jsonb)
              ELSE alert_thresholds END
          FROM old WHERE campaigns.tenant_id = $1 AND campaigns.id = old.id
          RETURNING campaigns.id, name, time_zone, campaigns.max_attempts, campaigns.qualification_threshold, campaigns.cooling_off_days, alert_thresholds,
                    old.max_attempts AS old_max_attempts, old.qualification_threshold AS old_qualification_threshold`,
        [
          p.tenantId,
          campaignId,
          patch.name ?? null,
          patch.timeZone ?? null,
          patch.maxAttempts ?? null,
          patch.qualificationThreshold ?? null,
          thresholds === null,
          thresholds !== undefined && thresholds !== null,
          dropKeys,
          JSON.stringify(setKeys),
          patch.coolingOffDays ?? null,
        ],
      ),
    );
    if (!rows.length) throw new NotFoundException(`campaign ${campaignId} not found`);
    const r = rows[0];
    if (r.max_attempts !== r.old_max_attempts || r.qualification_threshold !== r.old_qualification_threshold) await this.refold(p.tenantId, campaignId);
    // Target and hot threshold: stored, and the campaign's open leads recomputed, by their own service.
    return { ...toSettings(r), ...(await this.targets.apply(p.tenantId, campaignId, patch)) };
  }

  /**
   * The history folded again under the saved rules (docs/DOMAIN.md, "Each company draws its own line").
   * Best effort once the settings are stored: with the queue away, new events already follow the new
   * rules and a later save (or a disposition re-apply) folds the history again.
   */
  private async refold(tenantId: string, campaignId: string): Promise<void> {
    const job: RefoldCampaignJob = { tenantId, campaignId, requestedAt: new Date().toISOString() };
    await this.queue.add(REFOLD_CAMPAIGN_JOB, job, reapplyJobOptions()).catch((err: Error) => this.logger.warn(`refold of ${campaignId} not queued: ${err.message}`));
  }
}

function toSettings(r: CampaignRow): Omit<CampaignSettings, 'target' | 'hotThreshold'> {
  const stored = r.alert_thresholds ?? {};
  const alertThresholds: CampaignSettings['alertThresholds'] = {};
  for (const key of ALERT_THRESHOLD_KEYS) {
    const v = stored[key];
    if (typeof v === 'number') alertThresholds[key] = v;
  }
  return {
    campaignId: r.id,
    name: r.name,
    timeZone: r.time_zone,
    maxAttempts: r.max_attempts,
    qualificationThreshold: r.qualification_threshold,
    coolingOffDays: r.cooling_off_days,
    alertThresholds,
  };
}
