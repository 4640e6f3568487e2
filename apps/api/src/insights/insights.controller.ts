import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { idSchema, type StageAging, type TimeSeries } from '@leadboard/contracts';
import { CampaignInsightsReader, CampaignMetricsReader } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import { canSeeCampaign, type Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';

const timeSeriesQuery = z.object({
  hours: z.coerce.number().int().min(1).max(48).default(6),
  step: z.coerce.number().int().refine((v) => [1, 5, 15, 60].includes(v), { error: 'must be 1, 5, 15 or 60 (minutes)' }).default(5),
});

/** The console's charts: time series per step and stage aging (users and wall screens). */
@Controller('api/v1/campaigns/:id')
@Auth(['user', 'wall'])
export class InsightsController {
  private readonly insights: CampaignInsightsReader;
  private readonly metrics: CampaignMetricsReader;

  constructor(ds: DataSource) {
    this.insights = new CampaignInsightsReader(ds);
    this.metrics = new CampaignMetricsReader(ds);
  }

  private async assertCampaign(p: Principal, id: string): Promise<void> {
    if (!canSeeCampaign(p, id) || !(await this.metrics.exists(p.tenantId, id))) throw new NotFoundException(`campaign ${id} not found`);
  }

  @Get('timeseries')
  async timeSeries(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Query(new ZodBody(timeSeriesQuery)) q: z.output<typeof timeSeriesQuery>,
  ): Promise<TimeSeries> {
    await this.assertCampaign(p, id);
    return this.insights.timeSeries(p.tenantId, id, q.hours, q.step);
  }

  @Get('stage-aging')
  async stageAging(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<StageAging> {
    await this.assertCampaign(p, id);
    return this.insights.stageAging(p.tenantId, id);
  }
}
