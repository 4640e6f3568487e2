import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { idSchema, stageAgingSchema, timeSeriesQuerySchema, timeSeriesSchema, type StageAging, type TimeSeries, type TimeSeriesQuery } from '@leadboard/contracts';
import { CampaignInsightsReader, CampaignMetricsReader } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import { canSeeCampaign, type Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';

/** The console's charts: time series per step and stage aging (users and wall screens). */
@Controller('api/v1/campaigns/:id')
@Auth(['user', 'wall'])
@ApiTags('Read API')
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
  @ApiDoc({ summary: 'Calls, contacts, prospects, customers and drops per step over the last hours', response: timeSeriesSchema, errors: { 404: 'Unknown campaign, or one the caller may not see.' } })
  async timeSeries(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Query(new ZodBody(timeSeriesQuerySchema)) q: TimeSeriesQuery,
  ): Promise<TimeSeries> {
    await this.assertCampaign(p, id);
    return this.insights.timeSeries(p.tenantId, id, q.hours, q.step);
  }

  @Get('stage-aging')
  @ApiDoc({ summary: 'How long leads have sat in `new` and in `prospect`, per age bucket', response: stageAgingSchema, errors: { 404: 'Unknown campaign, or one the caller may not see.' } })
  async stageAging(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<StageAging> {
    await this.assertCampaign(p, id);
    return this.insights.stageAging(p.tenantId, id);
  }
}
