/** `GET/PUT /api/v1/integrations/vicidial` (admins): the tenant's VICIdial settings and the URLs to paste. */
import { Body, Controller, Get, Inject, Put, Req } from '@nestjs/common';
import { vicidialSettingsRequestSchema, type VicidialSettingsRequest, type VicidialSettingsView } from '@leadboard/contracts';
import { vicidialSetupUrls } from '@leadboard/domain';
import { APP_CONFIG, type AppConfig } from '@leadboard/server';
import type { Request } from 'express';
import { Auth, CurrentPrincipal } from '../../auth/auth.guard';
import type { Principal } from '../../auth/principal';
import { publicBaseUrl } from '../../common/public-base-url';
import { ZodBody } from '../../common/zod-body.pipe';
import { VicidialSettingsStore, type VicidialSettings } from './vicidial-settings.store';

@Controller('api/v1/integrations/vicidial')
export class VicidialSettingsController {
  constructor(
    private readonly store: VicidialSettingsStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Auth(['user'], ['admin'])
  async get(@CurrentPrincipal() p: Principal, @Req() req: Request): Promise<VicidialSettingsView> {
    return this.view(await this.store.get(p.tenantId), req);
  }

  /** `{timeZone, defaultCampaignId?}`; answers like GET. */
  @Put()
  @Auth(['user'], ['admin'])
  async put(@CurrentPrincipal() p: Principal, @Req() req: Request, @Body(new ZodBody(vicidialSettingsRequestSchema)) body: VicidialSettingsRequest): Promise<VicidialSettingsView> {
    return this.view(await this.store.put(p.tenantId, body), req);
  }

  private view(settings: VicidialSettings, req: Request): VicidialSettingsView {
    return { ...settings, ...vicidialSetupUrls(publicBaseUrl(this.config, req)) };
  }
}
