/** A campaign's settings as managers edit them: name, time zone, funnel rules and alert thresholds. */
import { Injectable, NotFoundException } from '@nestjs/common';
import { ALERT_THRESHOLD_KEYS, type CampaignSettings, type CampaignSettingsPatch } from '@leadboard/contracts';
import { returnedRows } from '@leadboard/server';
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
}

@Injectable()
export class CampaignSettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly targets: TargetSettingsService,
  ) {}

  /**
   * One UPDATE: fields left out keep their value; `alertThresholds` is merged into the stored overrides
   * (a key set to null drops that override, `alertThresholds: null` drops them all). Funnel settings
   * apply to events processed from now on; thresholds to the next alert evaluation.
   */
  async update(p: Principal, campaignId: string, patch: CampaignSettingsPatch): Promise<CampaignSettings> {
    const thresholds = patch.alertThresholds;
    const dropKeys = thresholds ? Object.keys(thresholds).filter((k) => thresholds[k as keyof typeof thresholds] === null) : [];
    const setKeys = thresholds ? Object.fromEntries(Object.entries(thresholds).filter(([, v]) => typeof v === 'number')) : {};
    const rows = returnedRows<CampaignRow>(
      await this.ds.query(
        `UPDATE campaigns SET
            name = coalesce($3, name),
            time_zone = coalesce($4, time_zone),
            max_attempts = coalesce($5, max_attempts),
            qualification_threshold = coalesce($6, qualification_threshold),
            cooling_off_days = coalesce($11, cooling_off_days),
            alert_thresholds = CASE
              WHEN $7::boolean THEN NULL
              WHEN $8::boolean THEN nullif((coalesce(alert_thresholds, '{}'::jsonb) - $9::text[]) || $10::jsonb, '{}'::jsonb)
              ELSE alert_thresholds END
          WHERE tenant_id = $1 AND id = $2
          RETURNING id, name, time_zone, max_attempts, qualification_threshold, cooling_off_days, alert_thresholds`,
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
    // Target and hot threshold: stored, and the campaign's open leads recomputed, by their own service.
    return { ...toSettings(rows[0]), ...(await this.targets.apply(p.tenantId, campaignId, patch)) };
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
