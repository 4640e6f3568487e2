import { Body, Controller, Param, Patch } from '@nestjs/common';
import { campaignSettingsPatchSchema, idSchema, type CampaignSettings, type CampaignSettingsPatch } from '@leadboard/contracts';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { CampaignSettingsService } from './campaign-settings.service';

@Controller('api/v1/campaigns')
export class CampaignSettingsController {
  constructor(private readonly settings: CampaignSettingsService) {}

  /** `{ name?, timeZone?, maxAttempts?, qualificationThreshold?, alertThresholds? }` — managers and admins; 404 for another tenant's campaign. */
  @Patch(':id')
  @Auth(['user'], ['admin', 'manager'])
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Body(new ZodBody(campaignSettingsPatchSchema)) patch: CampaignSettingsPatch,
  ): Promise<CampaignSettings> {
    return this.settings.update(p, id, patch);
  }
}
