import {
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
  applyDecorators,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@leadboard/contracts';
import { parseFormEncoded, queryStringOf } from '@leadboard/domain';
import { enterTenantScope } from '@leadboard/server';
import type { Request } from 'express';
import { IngestThrottleGuard } from '../rate-limits/ingest-throttle.guard';
import { AuthService, bearerToken } from './auth.service';
import type { Principal, PrincipalKind } from './principal';

/** Who may call a handler; the OpenAPI document reads it too (security of each route). */
export interface AuthRule {
  kinds: PrincipalKind[];
  roles?: Role[];
  /**
   * Also take the credential from a `key` parameter (query string, or an already parsed form body)
   * when no Authorization header is sent: only for callers that cannot set headers (VICIdial).
   */
  keyParam?: boolean;
}

export interface AuthOptions {
  keyParam?: boolean;
}

/** The `key=` of the query string, else of a parsed form body; never logged by anything here. */
function keyParameter(req: AuthedRequest): string | null {
  const fromQuery = parseFormEncoded(queryStringOf(req.originalUrl ?? req.url ?? ''))['key'];
  if (fromQuery) return fromQuery;
  const body: unknown = req.body;
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['key'] : undefined;
  return typeof fromBody === 'string' && fromBody ? fromBody : null;
}

export const AUTH_RULE = 'leadboard:auth-rule';
export type AuthedRequest = Request & { principal?: Principal };

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AuthRule | undefined>(AUTH_RULE, [ctx.getHandler(), ctx.getClass()]);
    if (!rule) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearerToken(req.headers.authorization) ?? (rule.keyParam ? keyParameter(req) : null);
    const result = await this.auth.check(token);
    // The security audit (SecurityAuditMiddleware) records every 401/403 with the principal, when there is one.
    if (!result.ok) throw new UnauthorizedException(result.reason === 'expired' ? 'credentials expired' : 'missing or invalid credentials');
    const principal = result.principal;
    req.principal = principal;
    // From here on the request's statements are walled to the caller's tenant (the scope the
    // request-context middleware opened: docs/SECURITY.md, "Tenant walls").
    enterTenantScope(principal.tenantId);
    if (!rule.kinds.includes(principal.kind)) {
      throw new ForbiddenException(`this endpoint is not for ${principal.kind === 'ingest' ? 'ingest keys' : principal.kind === 'wall' ? 'wall-screen tokens' : 'users'}`);
    }
    if (rule.roles && principal.kind === 'user' && !rule.roles.includes(principal.role)) {
      throw new ForbiddenException(`requires role ${rule.roles.join(' or ')}`);
    }
    return true;
  }
}

/**
 * Who may call a handler: kinds of credential, and for users optionally their roles. Routes that admit
 * ingest keys are rate limited per key (IngestThrottleGuard, after the principal is known).
 */
export function Auth(kinds: PrincipalKind[], roles?: Role[], options: AuthOptions = {}) {
  return applyDecorators(SetMetadata(AUTH_RULE, { kinds, roles, keyParam: options.keyParam } satisfies AuthRule), UseGuards(AuthGuard, IngestThrottleGuard));
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new UnauthorizedException();
  return principal;
});
