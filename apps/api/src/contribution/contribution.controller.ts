/**
 * "Who made it happen" (contract, "Priority, accounts, contribution, what-if"): per operator, calls,
 * contacts, leads qualified, opportunities and customers closed over today / 7 days / 30 days, with the
 * juniors' qualification rate and the seniors' close rate. Wall-screen tokens get the same figures with
 * first names and initials only (their leaderboard view).
 */
import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { contributionQuerySchema, contributionSchema, idSchema, type Contribution, type ContributionQuery } from '@leadboard/contracts';
import { contributionForWallScreen } from '@leadboard/domain';
import { CampaignMetricsReader, ContributionReader } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import { canSeeCampaign, mayReadPersonalData, type Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';

@Controller('api/v1/campaigns/:id')
@Auth(['user', 'wall'])
@ApiTags('Read API')
export class ContributionController {
  private readonly contributions: ContributionReader;
  private readonly metrics: CampaignMetricsReader;

  constructor(ds: DataSource) {
    this.contributions = new ContributionReader(ds);
    this.metrics = new CampaignMetricsReader(ds);
  }

  @Get('contribution')
  @ApiDoc({
    summary: 'Who made it happen: per operator, contacts, qualified, opportunities, closed and rates over a window',
    description:
      'Each transition is credited to the operator of the call that caused it. `qualificationRate` (juniors) = qualified ÷ contacts; ' +
      '`closeRate` (seniors) = closed ÷ (closed + prospects and opportunities owned now). Wall-screen tokens get `name: null` and `displayName` ' +
      '(first name and initial) only.',
    response: contributionSchema,
    errors: { 404: 'Unknown campaign, or one the caller may not see.' },
  })
  async contribution(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Query(new ZodBody(contributionQuerySchema)) q: ContributionQuery,
  ): Promise<Contribution> {
    if (!canSeeCampaign(p, id) || !(await this.metrics.exists(p.tenantId, id))) throw new NotFoundException(`campaign ${id} not found`);
    const result = await this.contributions.contribution(p.tenantId, id, q.window);
    return mayReadPersonalData(p) ? result : { ...result, operators: result.operators.map(contributionForWallScreen) };
  }
}
