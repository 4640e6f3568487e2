import { Body, Controller, Param, Patch } from '@nestjs/common';
import { campaignSettingsPatchSchema, campaignSettingsSchema, idSchema, type CampaignSettings, type CampaignSettingsPatch } from '@leadboard/contracts';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { CampaignSettingsService } from './campaign-settings.service';

@Controller('api/v1/campaigns')
@ApiTags('Campaign settings')
export class CampaignSettingsController {
  constructor(private readonly settings: CampaignSettingsService) {}

  /** `{ name?, timeZone?, maxAttempts?, qualificationThreshold?, alertThresholds? }` — managers and admins; 404 for another tenant's campaign. */
  @Patch(':id')
  @Auth(['user'], ['admin', 'manager'])
  @ApiDoc({
    summary: "Change a campaign's settings and alert thresholds",
    description:
      'Every field is optional. `alertThresholds` is merged into the stored overrides (a key set to `null` goes back to its default; ' +
      '`alertThresholds: null` drops them all); rates are fractions (0.03 is 3 %).',
    response: campaignSettingsSchema,
    errors: { 404: "Unknown campaign (another tenant's is unknown)." },
  })
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Body(new ZodBody(campaignSettingsPatchSchema)) patch: CampaignSettingsPatch,
  ): Promise<CampaignSettings> {
    return this.settings.update(p, id, patch);
  }
}
