import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  accountDetailSchema,
  accountPageSchema,
  accountsQuerySchema,
  idSchema,
  whatIfQuerySchema,
  whatIfResultSchema,
  type AccountDetail,
  type AccountPage,
  type AccountsQuery,
  type WhatIfQuery,
  type WhatIfResult,
} from '@leadboard/contracts';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { AccountsService } from './accounts.service';

@Controller('api/v1')
@ApiTags('Accounts and what-if')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get('accounts')
  @Auth(['user', 'wall'])
  @ApiDoc({
    summary: "The tenant's B2B accounts (companies), a page at a time",
    description:
      '`campaignId` keeps the accounts having a lead in that campaign, `stage` those at that stage; an account\'s figures count its leads in every campaign. ' +
      'Company names are not personal data: wall screens get them (limited to the accounts of their campaigns).',
    response: accountPageSchema,
  })
  list(@CurrentPrincipal() p: Principal, @Query(new ZodBody(accountsQuerySchema)) q: AccountsQuery): Promise<AccountPage> {
    return this.accounts.list(p, q);
  }

  @Get('accounts/:id')
  @Auth(['user', 'wall'])
  @ApiDoc({
    summary: 'An account with its leads (ids, campaigns, stages and owners; no personal data)',
    response: accountDetailSchema,
    errors: { 404: "Unknown account, another tenant's, or one with no lead in a wall screen's campaigns." },
  })
  detail(@CurrentPrincipal() p: Principal, @Param('id', new ZodBody(idSchema)) id: string): Promise<AccountDetail> {
    return this.accounts.detail(p, id);
  }

  @Get('campaigns/:id/what-if')
  @Auth(['user'], ['admin', 'manager'])
  @ApiDoc({
    summary: "What the campaign's funnel would be under other settings (nothing stored)",
    description:
      "Folds the campaign's whole stored history again under `qualificationThreshold` and `maxAttempts` (each left out keeps the campaign's) " +
      'and answers the stored funnel (`current`) beside the folded one (`proposed`), both from one snapshot. Saving the same values with ' +
      '`PATCH /api/v1/campaigns/{id}` folds the history again for real and gives the funnel promised here.',
    response: whatIfResultSchema,
    errors: { 404: "Unknown campaign (another tenant's is unknown)." },
  })
  whatIf(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Query(new ZodBody(whatIfQuerySchema)) q: WhatIfQuery,
  ): Promise<WhatIfResult> {
    return this.accounts.whatIf(p, id, q);
  }
}
