import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  campaignMetricsSchema,
  campaignSummarySchema,
  idSchema,
  leadDetailSchema,
  leadPageSchema,
  leadsQuerySchema,
  operatorViewSchema,
  operatorsQuerySchema,
  type CampaignMetrics,
  type CampaignSummary,
  type LeadDetail,
  type LeadPage,
  type LeadsQuery,
  type OperatorView,
} from '@leadboard/contracts';
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { ReadModelService } from './read-model.service';

const NOT_FOUND = { 404: 'Unknown campaign, or one the caller may not see.' };

@Controller('api/v1')
@Auth(['user', 'wall'])
@ApiTags('Read API')
export class ReadController {
  constructor(private readonly read: ReadModelService) {}

  @Get('campaigns')
  @ApiDoc({ summary: 'The campaigns the caller may see', response: z.array(campaignSummarySchema) })
  campaigns(@CurrentPrincipal() p: Principal): Promise<CampaignSummary[]> {
    return this.read.campaigns(p);
  }

  @Get('campaigns/:id/metrics')
  @ApiDoc({
    summary: "A campaign's figures: stages, funnel, rates, windows 15m / 1h / today",
    description: '`stages` is the current distribution, `funnel` the leads that ever reached each stage (docs/DOMAIN.md).',
    response: campaignMetricsSchema,
    errors: NOT_FOUND,
  })
  metrics(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<CampaignMetrics> {
    return this.read.metrics(p, id);
  }

  @Get('campaigns/:id/leads')
  @ApiDoc({ summary: "A campaign's leads, a page at a time (no personal data)", response: leadPageSchema, errors: NOT_FOUND })
  leads(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Query(new ZodBody(leadsQuerySchema)) q: LeadsQuery,
  ): Promise<LeadPage> {
    return this.read.leads(p, id, q);
  }

  @Get('leads/:id')
  @ApiDoc({
    summary: 'A lead: stage, owner, answers and its history of transitions',
    description: '`contact` (name, phone, e-mail) is given to users only, never to wall-screen tokens.',
    response: leadDetailSchema,
    errors: { 404: 'Unknown lead (a lead of another tenant is unknown).' },
  })
  lead(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<LeadDetail> {
    return this.read.lead(p, id);
  }

  /** Operators with their load; `campaignId` limits open leads and callbacks to that campaign. */
  @Get('operators')
  @ApiDoc({ summary: 'Operators with their load (state, open leads, callbacks due, calls and conversions today)', response: z.array(operatorViewSchema) })
  operators(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodBody(operatorsQuerySchema)) q: { campaignId?: string },
  ): Promise<OperatorView[]> {
    return this.read.operators(p, q.campaignId ?? null);
  }
}
