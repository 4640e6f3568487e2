/**
 * RATE_LIMIT_INGEST requests per second per ingest key, on every route whose @Auth admits ingest
 * keys (ingest, integrations, imports — present and future: the @Auth decorator adds this guard
 * after the AuthGuard, which has put the principal on the request). Users and wall screens pass.
 * Over the limit: 429 with Retry-After, before the handler runs — nothing of the request is queued.
 */
import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal';

export const INGEST_THROTTLER = 'ingest';

type AuthedRequest = Request & { principal?: Principal; ingestThrottled?: boolean };

@Injectable()
export class IngestThrottleGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (req.principal?.kind !== 'ingest') return true;
    // @Auth on a controller and on its handler runs the guards twice: a request counts once.
    if (req.ingestThrottled) return true;
    req.ingestThrottled = true;
    return false;
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const p = (req as unknown as AuthedRequest).principal;
    return p && p.kind === 'ingest' ? p.keyId : 'none';
  }

  /** One budget per key across all its routes (the library's default key is per route). */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new ThrottlerException(`over ${detail.limit} requests per second for this ingest key: nothing was queued; retry after ${seconds} s`);
  }
}
