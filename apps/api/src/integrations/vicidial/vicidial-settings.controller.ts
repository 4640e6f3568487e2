/** `GET/PUT /api/v1/integrations/vicidial` (admins): the tenant's VICIdial settings and the URLs to paste. */
import { Body, Controller, Get, Inject, Put, Req } from '@nestjs/common';
import { vicidialSettingsRequestSchema, vicidialSettingsViewSchema, type VicidialSettingsRequest, type VicidialSettingsView } from '@leadboard/contracts';
import { vicidialSetupUrls } from '@leadboard/domain';
import { APP_CONFIG, type AppConfig } from '@leadboard/server';
import type { Request } from 'express';
import { Auth, CurrentPrincipal } from '../../auth/auth.guard';
import type { Principal } from '../../auth/principal';
import { publicBaseUrl } from '../../common/public-base-url';
import { ZodBody } from '../../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../../openapi/api-doc.decorator';
import { VicidialSettingsStore, type VicidialSettings } from './vicidial-settings.store';

@Controller('api/v1/integrations/vicidial')
@ApiTags('VICIdial')
export class VicidialSettingsController {
  constructor(
    private readonly store: VicidialSettingsStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Auth(['user'], ['admin'])
  @ApiDoc({
    summary: "The tenant's VICIdial settings, and the three URLs to paste into VICIdial",
    description:
      'The URLs carry every `--A--name--B--` placeholder VICIdial fills in, and `key=YOUR_INGEST_KEY` to replace with an ingest key ' +
      '(the API never prints a real key). Their host is `PUBLIC_URL` when set, else the one this request reached.',
    response: vicidialSettingsViewSchema,
  })
  async get(@CurrentPrincipal() p: Principal, @Req() req: Request): Promise<VicidialSettingsView> {
    return this.view(await this.store.get(p.tenantId), req);
  }

  /** `{timeZone, defaultCampaignId?}`; answers like GET. */
  @Put()
  @Auth(['user'], ['admin'])
  @ApiDoc({
    summary: "Set the dialer's time zone and the default campaign; answers like the GET",
    description:
      '`timeZone` (an IANA name) reads `callback_datetime` and `SQLdate`; `defaultCampaignId` is used when a URL arrives with an ' +
      'empty `campaign` and for agent events (`null` clears it: such calls are refused). Other API processes see a change within 5 s.',
    response: vicidialSettingsViewSchema,
  })
  async put(@CurrentPrincipal() p: Principal, @Req() req: Request, @Body(new ZodBody(vicidialSettingsRequestSchema)) body: VicidialSettingsRequest): Promise<VicidialSettingsView> {
    return this.view(await this.store.put(p.tenantId, body), req);
  }

  private view(settings: VicidialSettings, req: Request): VicidialSettingsView {
    return { ...settings, ...vicidialSetupUrls(publicBaseUrl(this.config, req)) };
  }
}
