import { Controller, ForbiddenException, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { alertListQuerySchema, type AlertListQuery, type AlertView } from '@leadboard/contracts';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { AlertsService } from './alerts.service';

@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** `?state=raised|acknowledged|resolved|open&campaignId=` — newest first. */
  @Get()
  @Auth(['user', 'wall'])
  list(@CurrentPrincipal() p: Principal, @Query(new ZodBody(alertListQuerySchema)) q: AlertListQuery): Promise<AlertView[]> {
    return this.alerts.list(p, q);
  }

  /** Users only (wall screens are read-only): 200 with the alert, 404 unknown, 409 already resolved. */
  @Post(':id/ack')
  @HttpCode(200)
  @Auth(['user'], ['admin', 'manager', 'supervisor'])
  acknowledge(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<AlertView> {
    if (p.kind !== 'user') throw new ForbiddenException('alerts are acknowledged by users');
    return this.alerts.acknowledge(p, id);
  }
}
