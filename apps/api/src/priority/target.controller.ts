/**
 * The target rule editor's reads: the campaign's target as stored, and a live count of the open leads each
 * rule would match (computed with libs/domain's own `meetsRule`, so the count is what saving would score).
 * Saving goes through `PATCH /api/v1/campaigns/{id}` with the other settings.
 */
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  TARGET_PREVIEW_MAX_LEADS,
  idSchema,
  targetPreviewRequestSchema,
  targetPreviewSchema,
  targetSettingsSchema,
  type TargetPreview,
  type TargetPreviewRequest,
  type TargetSettingsView,
} from '@leadboard/contracts';
import { meetsRule, type TargetRule } from '@leadboard/domain';
import { OPEN_STAGES } from '@leadboard/contracts';
import { DataSource } from 'typeorm';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { ReadModelService } from '../read/read-model.service';
import { TargetSettingsService } from './target-settings.service';

const NOT_FOUND = { 404: "Unknown campaign (another tenant's is unknown)." };

@Controller('api/v1/campaigns')
@ApiTags('Priority and the hot-lead queue')
export class TargetController {
  constructor(
    private readonly ds: DataSource,
    private readonly read: ReadModelService,
    private readonly targets: TargetSettingsService,
  ) {}

  @Get(':id/target')
  @Auth(['user'])
  @ApiDoc({ summary: "The campaign's target rules and hot threshold", response: targetSettingsSchema, errors: NOT_FOUND })
  async target(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<TargetSettingsView> {
    await this.read.assertCampaign(p, id);
    return { campaignId: id, ...(await this.targets.read(p.tenantId, id)) };
  }

  @Post(':id/target/preview')
  @HttpCode(200)
  @Auth(['user'])
  @ApiDoc({
    summary: 'How many open leads each rule of a target would match (nothing is saved)',
    description: `Counts over the campaign's open leads, or its first ${TARGET_PREVIEW_MAX_LEADS} by id (\`sampled\`).`,
    response: targetPreviewSchema,
    errors: NOT_FOUND,
  })
  async preview(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Body(new ZodBody(targetPreviewRequestSchema)) body: TargetPreviewRequest,
  ): Promise<TargetPreview> {
    await this.read.assertCampaign(p, id);
    const rows = (await this.ds.query(
      `SELECT l.source, l.attributes,
              CASE WHEN jsonb_typeof(to_jsonb(l) -> 'company') = 'object' THEN to_jsonb(l) -> 'company'
                   WHEN jsonb_typeof(l.attributes -> 'company') = 'object' THEN l.attributes -> 'company' END AS company
         FROM leads l WHERE l.tenant_id = $1 AND l.campaign_id = $2 AND l.stage = ANY($3::text[])
        ORDER BY l.id LIMIT $4`,
      [p.tenantId, id, OPEN_STAGES, TARGET_PREVIEW_MAX_LEADS + 1],
    )) as { source: string | null; attributes: Record<string, unknown> | null; company: Record<string, unknown> | null }[];
    const sampled = rows.length > TARGET_PREVIEW_MAX_LEADS;
    const leads = sampled ? rows.slice(0, TARGET_PREVIEW_MAX_LEADS) : rows;
    const rules = body.target as TargetRule[];
    const counts = rules.map(() => 0);
    let matchingAny = 0;
    for (const lead of leads) {
      let any = false;
      rules.forEach((r, i) => {
        if (meetsRule(lead, r)) {
          counts[i] += 1;
          any = true;
        }
      });
      if (any) matchingAny += 1;
    }
    return { openLeads: leads.length, sampled, rules: counts.map((matching) => ({ matching })), matchingAny };
  }
}
