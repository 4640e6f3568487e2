import { Controller, Get, Query } from '@nestjs/common';
import { securityAuditQuerySchema, type SecurityAuditEntry, type SecurityAuditQuery } from '@leadboard/contracts';
import { readSecurityAudit } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';

/** `GET /api/v1/security-audit?event=&before=&limit=` (admins): the tenant's security events, newest first. */
@Controller('api/v1/security-audit')
@Auth(['user'], ['admin'])
export class SecurityAuditController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query(new ZodBody(securityAuditQuerySchema)) q: SecurityAuditQuery): Promise<SecurityAuditEntry[]> {
    return readSecurityAudit(this.ds, p.tenantId, q);
  }
}
