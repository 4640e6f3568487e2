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
} from '@leadboard/contracts';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { CallbackSummaryService } from './callback-summary.service';
import { OperatorSettingsService } from './operator-settings.service';
import { ReassignmentSuggestionsService } from './reassignment-suggestions.service';
import { ReassignmentService, type UserPrincipal } from './reassignment.service';

function asUser(p: Principal): UserPrincipal {
  if (p.kind !== 'user') throw new ForbiddenException('this endpoint is for users');
  return p;
}

@Controller('api/v1')
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
  reassign(@CurrentPrincipal() p: Principal, @Body(new ZodBody(reassignRequestSchema)) body: ReassignRequest): Promise<ReassignResponse> {
    return this.reassignment.reassign(asUser(p), body);
  }

  /** `?leadId=&campaignId=&limit=` — newest first; users only (it names the users who moved leads). */
  @Get('audit')
  @Auth(['user'])
  audit(@CurrentPrincipal() p: Principal, @Query(new ZodBody(auditQuerySchema)) q: AuditQuery): Promise<AuditEntry[]> {
    return this.reassignment.audit(p, q);
  }

  @Get('campaigns/:id/reassignment-suggestions')
  @Auth(['user'], ['manager', 'admin'])
  suggestions(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<ReassignmentSuggestions> {
    return this.suggestionsService.suggestions(p, id);
  }

  @Get('campaigns/:id/callbacks')
  @Auth(['user', 'wall'])
  callbackSummary(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<CallbackSummary> {
    return this.callbacks.summary(p, id);
  }

  @Patch('operators/:id')
  @Auth(['user'], ['manager', 'admin'])
  patchOperator(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Body(new ZodBody(operatorPatchSchema)) body: OperatorPatch,
  ): Promise<OperatorView> {
    return this.operatorSettings.patch(p, id, body);
  }
}
