/**
 * A tenant's VICIdial settings (columns of `tenants`). Read on every VICIdial request, so kept a few
 * seconds in memory: a change reaches this API process at once, others within `CACHE_MS`.
 */
import { Injectable } from '@nestjs/common';
import { DEFAULT_VICIDIAL_TIME_ZONE, type VicidialSettingsRequest } from '@leadboard/contracts';
import { DataSource } from 'typeorm';

export interface VicidialSettings {
  timeZone: string;
  defaultCampaignId: string | null;
}

const CACHE_MS = 5000;
const MAX_CACHED = 10_000;

@Injectable()
export class VicidialSettingsStore {
  private readonly cache = new Map<string, { value: VicidialSettings; until: number }>();

  constructor(private readonly ds: DataSource) {}

  async get(tenantId: string): Promise<VicidialSettings> {
    const hit = this.cache.get(tenantId);
    if (hit && hit.until > Date.now()) return hit.value;
    const rows = (await this.ds.query(`SELECT vicidial_time_zone, vicidial_default_campaign_id FROM tenants WHERE id = $1`, [tenantId])) as {
      vicidial_time_zone: string | null;
      vicidial_default_campaign_id: string | null;
    }[];
    const value: VicidialSettings = {
      timeZone: rows[0]?.vicidial_time_zone ?? DEFAULT_VICIDIAL_TIME_ZONE,
      defaultCampaignId: rows[0]?.vicidial_default_campaign_id ?? null,
    };
    if (this.cache.size > MAX_CACHED) this.cache.clear();
    this.cache.set(tenantId, { value, until: Date.now() + CACHE_MS });
    return value;
  }

  async put(tenantId: string, settings: VicidialSettingsRequest): Promise<VicidialSettings> {
    const value: VicidialSettings = { timeZone: settings.timeZone, defaultCampaignId: settings.defaultCampaignId ?? null };
    await this.ds.query(`UPDATE tenants SET vicidial_time_zone = $2, vicidial_default_campaign_id = $3 WHERE id = $1`, [tenantId, value.timeZone, value.defaultCampaignId]);
    this.cache.set(tenantId, { value, until: Date.now() + CACHE_MS });
    return value;
  }
}
