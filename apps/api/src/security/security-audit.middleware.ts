/**
 * Every refused request — 401, 403, 429, from any controller or guard, today's and tomorrow's —
 * goes to the security audit, with who was calling when the credentials were good (a 403 or 429),
 * the client address and the route pattern (never the URL: it may carry personal data or a key).
 * Identical refusals within a second are one row with a count (SecurityAuditLog.record).
 */
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { SecurityActorKind } from '@leadboard/contracts';
import { SecurityAuditLog } from '@leadboard/server';
import type { NextFunction, Request, Response } from 'express';
import type { AuthedRequest } from '../auth/auth.guard';
import { principalId } from '../auth/principal';

const REFUSED = new Set([401, 403, 429]);

/** For handlers that audit their own refusals (the login). */
export function markAudited(res: Response): void {
  res.locals['securityAudited'] = true;
}

@Injectable()
export class SecurityAuditMiddleware implements NestMiddleware {
  constructor(private readonly audit: SecurityAuditLog) {}

  use(req: Request, res: Response, next: NextFunction): void {
    res.on('finish', () => {
      if (!REFUSED.has(res.statusCode) || res.locals['securityAudited']) return;
      const p = (req as AuthedRequest).principal;
      const route = (req.route as { path?: unknown } | undefined)?.path;
      this.audit.record({
        tenantId: p?.tenantId ?? null,
        event: 'request.refused',
        actor: p ? { kind: p.kind as SecurityActorKind, id: principalId(p) } : { kind: 'anonymous', id: null },
        ip: req.ip ?? null,
        status: res.statusCode,
        route: typeof route === 'string' ? route : '(no route)',
        detail: { method: req.method },
      });
    });
    next();
  }
}
