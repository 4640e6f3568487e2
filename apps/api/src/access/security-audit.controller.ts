import { Controller, Get, Query } from '@nestjs/common';
import { securityAuditEntrySchema, securityAuditQuerySchema, type SecurityAuditEntry, type SecurityAuditQuery } from '@leadboard/contracts';
import { z } from 'zod';
import { readSecurityAudit } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';

/** `GET /api/v1/security-audit?event=&before=&limit=` (admins): the tenant's security events, newest first. */
@Controller('api/v1/security-audit')
@Auth(['user'], ['admin'])
@ApiTags('Users and keys')
export class SecurityAuditController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @ApiDoc({
    summary: "The tenant's security events, newest first: logins, refusals, account and key changes, erasures",
    description:
      'Refusals (`request.refused`: 401, 403, 429 on any route) are coalesced: identical ones within a few seconds are one row with a ' +
      '`count`. Never a password, token, key or an e-mail typed at login. Page with `before` (the previous page\'s last `id`).',
    response: z.array(securityAuditEntrySchema),
  })
  list(@CurrentPrincipal() p: Principal, @Query(new ZodBody(securityAuditQuerySchema)) q: SecurityAuditQuery): Promise<SecurityAuditEntry[]> {
    return readSecurityAudit(this.ds, p.tenantId, q);
  }
}
