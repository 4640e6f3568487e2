/**
 * Managers' endpoints (contract.md, "Read API"): reassign leads, the audit trail, suggestions,
 * operators' name and seniority, and the campaign's personal callbacks.
 */
import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  auditQuerySchema,
  idSchema,
  operatorPatchSchema,
  reassignRequestSchema,
  type AuditEntry,
  type AuditQuery,
  type CallbackSummary,
  type OperatorPatch,
  type OperatorView,
  type ReassignRequest,
  type ReassignResponse,
  type ReassignmentSuggestions,
  auditEntrySchema,
  callbackSummarySchema,
  operatorViewSchema,
  reassignErrorSchema,
  reassignResponseSchema,
  reassignmentSuggestionsSchema,
} from '@leadboard/contracts';
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { CallbackSummaryService } from './callback-summary.service';
import { OperatorSettingsService } from './operator-settings.service';
import { ReassignmentSuggestionsService } from './reassignment-suggestions.service';
import { ReassignmentService, type UserPrincipal } from './reassignment.service';

function asUser(p: Principal): UserPrincipal {
  if (p.kind !== 'user') throw new ForbiddenException('this endpoint is for users');
  return p;
}

const REFUSED = (description: string) => ({ schema: reassignErrorSchema, description });

@Controller('api/v1')
@ApiTags('Managers')
export class ReassignmentController {
  constructor(
    private readonly reassignment: ReassignmentService,
    private readonly suggestionsService: ReassignmentSuggestionsService,
    private readonly operatorSettings: OperatorSettingsService,
    private readonly callbacks: CallbackSummaryService,
  ) {}

  /** 200 `{moved, alreadyOwned, warnings}`; 404 / 422 / 409 with the leads named, nothing moved. */
  @Post('leads/reassign')
  @HttpCode(200)
  @Auth(['user'], ['manager', 'admin'])
  @ApiDoc({
    summary: 'Move the ownership of leads to an operator, in one transaction',
    description:
      '`expectedOwners` maps each lead id to the owner the manager saw (`null` for none): if any changed since, nothing moves (`409`). ' +
      'Refusals are checked in this order and the first that applies answers, with nothing moved: unknown leads (`404`), ' +
      'unknown or offline operator (`422`), closed leads — customer, lost, dnc (`422`), owner changed (`409`). ' +
      'Giving a prospect to a junior is done, with a warning.',
    response: reassignResponseSchema,
    errors: {
      404: REFUSED('`unknown_leads`: leads that do not exist (or belong to another tenant).'),
      409: REFUSED('`owner_changed`: `currentOwners` gives the owner each lead has now.'),
      422: REFUSED('`unknown_operator`, `offline_operator` or `closed_leads` (`stages` gives each lead\'s stage).'),
    },
  })
  reassign(@CurrentPrincipal() p: Principal, @Body(new ZodBody(reassignRequestSchema)) body: ReassignRequest): Promise<ReassignResponse> {
    return this.reassignment.reassign(asUser(p), body);
  }

  /** `?leadId=&campaignId=&limit=` — newest first; users only (it names the users who moved leads). */
  @Get('audit')
  @Auth(['user'])
  @ApiDoc({ summary: 'Who moved which lead, when, from whom to whom, and why (newest first)', response: z.array(auditEntrySchema) })
  audit(@CurrentPrincipal() p: Principal, @Query(new ZodBody(auditQuerySchema)) q: AuditQuery): Promise<AuditEntry[]> {
    return this.reassignment.audit(p, q);
  }

  @Get('campaigns/:id/reassignment-suggestions')
  @Auth(['user'], ['manager', 'admin'])
  @ApiDoc({
    summary: 'Proposed moves of prospects and opportunities to senior closers, most urgent first',
    description: 'Each suggestion is ready for `POST /api/v1/leads/reassign` (`leadIds`, `toOperatorId`, `expectedOwners`).',
    response: reassignmentSuggestionsSchema,
    errors: { 404: 'Unknown campaign.' },
  })
  suggestions(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<ReassignmentSuggestions> {
    return this.suggestionsService.suggestions(p, id);
  }

  @Get('campaigns/:id/callbacks')
  @Auth(['user', 'wall'])
  @ApiDoc({ summary: "A campaign's personal callbacks: scheduled, due, released to the pool", response: callbackSummarySchema, errors: { 404: 'Unknown campaign, or one the caller may not see.' } })
  callbackSummary(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<CallbackSummary> {
    return this.callbacks.summary(p, id);
  }

  @Patch('operators/:id')
  @Auth(['user'], ['manager', 'admin'])
  @ApiDoc({ summary: "Change an operator's name or seniority", response: operatorViewSchema, errors: { 404: "Unknown operator (another tenant's is unknown)." } })
  patchOperator(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Body(new ZodBody(operatorPatchSchema)) body: OperatorPatch,
  ): Promise<OperatorView> {
    return this.operatorSettings.patch(p, id, body);
  }
}
