import { Controller, ForbiddenException, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { alertListQuerySchema, alertViewSchema, type AlertListQuery, type AlertView } from '@leadboard/contracts';
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { AlertsService } from './alerts.service';

@Controller('api/v1/alerts')
@ApiTags('Alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** `?state=raised|acknowledged|resolved|open&campaignId=` — newest first. */
  @Get()
  @Auth(['user', 'wall'])
  @ApiDoc({
    summary: 'Alerts, newest first',
    description: '`state=open` means not ended: raised, or acknowledged and still holding. Lifecycle and rules: docs/DOMAIN.md, "Alerts".',
    response: z.array(alertViewSchema),
  })
  list(@CurrentPrincipal() p: Principal, @Query(new ZodBody(alertListQuerySchema)) q: AlertListQuery): Promise<AlertView[]> {
    return this.alerts.list(p, q);
  }

  /** Users only (wall screens are read-only): 200 with the alert, 404 unknown, 409 already resolved. */
  @Post(':id/ack')
  @HttpCode(200)
  @Auth(['user'], ['admin', 'manager', 'supervisor'])
  @ApiDoc({
    summary: 'Acknowledge an alert (a user took it)',
    response: alertViewSchema,
    errors: { 404: 'Unknown alert (another tenant\'s is unknown).', 409: 'The alert is already resolved.' },
  })
  acknowledge(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<AlertView> {
    if (p.kind !== 'user') throw new ForbiddenException('alerts are acknowledged by users');
    return this.alerts.acknowledge(p, id);
  }
}
