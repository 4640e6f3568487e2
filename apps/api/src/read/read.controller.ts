import { Controller, Get, Param, Query } from '@nestjs/common';
import { STAGES, idSchema, type CampaignMetrics, type CampaignSummary, type LeadDetail, type OperatorView } from '@leadboard/contracts';
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ReadModelService } from './read-model.service';

const leadsQuerySchema = z.object({
  stage: z.enum(STAGES).optional(),
  owner: idSchema.optional(),
  cursor: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

@Controller('api/v1')
@Auth(['user', 'wall'])
export class ReadController {
  constructor(private readonly read: ReadModelService) {}

  @Get('campaigns')
  campaigns(@CurrentPrincipal() p: Principal): Promise<CampaignSummary[]> {
    return this.read.campaigns(p);
  }

  @Get('campaigns/:id/metrics')
  metrics(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<CampaignMetrics> {
    return this.read.metrics(p, id);
  }

  @Get('campaigns/:id/leads')
  leads(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Query(new ZodBody(leadsQuerySchema)) q: z.output<typeof leadsQuerySchema>,
  ) {
    return this.read.leads(p, id, q);
  }

  @Get('leads/:id')
  lead(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<LeadDetail> {
    return this.read.lead(p, id);
  }

  /** Operators with their load; `campaignId` limits open leads and callbacks to that campaign. */
  @Get('operators')
  operators(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodBody(z.object({ campaignId: idSchema.optional() }))) q: { campaignId?: string },
  ): Promise<OperatorView[]> {
    return this.read.operators(p, q.campaignId ?? null);
  }
}
