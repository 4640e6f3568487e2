/**
 * Who may use the queue UI, and the browser session for it. The queues hold every tenant's jobs, so
 * an admin named in QUEUE_BOARD_ADMINS (the deployment's operators) may act on them (retry, clean,
 * pause) and any other admin gets a read-only view; job data is summarized for everyone
 * (job-data-summary.ts). A browser's session is a short-lived signed token in an HttpOnly cookie
 * scoped to `/admin/queues`, issued by `POST /api/v1/admin/queues/session`; it is signed with a key
 * derived from JWT_SECRET for this use only, so it is never accepted as an API token, nor an API
 * token as the cookie.
 */
import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, requireJwtKeys, type AppConfig } from '@leadboard/server';
import type { Request, Response } from 'express';

export const QUEUE_BOARD_PATH = '/admin/queues';
export const QUEUE_BOARD_COOKIE = 'lb_queue_board';
export const QUEUE_BOARD_SESSION_SECONDS = 15 * 60;
const AUDIENCE = 'leadboard-queue-board';

export type QueueBoardMode = 'full' | 'read-only';

interface SessionClaims {
  sub: string;
  tid: string;
  mode: QueueBoardMode;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** Behind a TLS-terminating proxy the request arrives over http: the proxy's header says what the browser used. */
function overHttps(req: Request): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  return req.secure || (typeof forwarded === 'string' && forwarded.split(',')[0].trim() === 'https');
}

@Injectable()
export class QueueBoardSessions {
  private readonly jwt: JwtService;
  private readonly fullAccess: Set<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // The current signing secret, derived for this one purpose: a queue-board cookie is never an API credential.
    const secret = createHmac('sha256', requireJwtKeys(config).current.secret).update('leadboard queue board session').digest('hex');
    this.jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256', audience: AUDIENCE, expiresIn: QUEUE_BOARD_SESSION_SECONDS } });
    this.fullAccess = new Set(config.queueBoardAdmins);
  }

  modeFor(adminEmail: string): QueueBoardMode {
    return this.fullAccess.has(adminEmail.toLowerCase()) ? 'full' : 'read-only';
  }

  /** Sets the cookie on the response; the browser then opens `url`. */
  async open(admin: { userId: string; tenantId: string; email: string }, req: Request, res: Response) {
    const mode = this.modeFor(admin.email);
    const claims: SessionClaims = { sub: admin.userId, tid: admin.tenantId, mode };
    const token = await this.jwt.signAsync(claims);
    res.cookie(QUEUE_BOARD_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: overHttps(req),
      path: QUEUE_BOARD_PATH,
      maxAge: QUEUE_BOARD_SESSION_SECONDS * 1000,
    });
    return { url: QUEUE_BOARD_PATH, mode, expiresAt: new Date(Date.now() + QUEUE_BOARD_SESSION_SECONDS * 1000).toISOString() };
  }

  /** The mode of the request's session cookie, or null when it has none that is valid. */
  async cookieMode(cookieHeader: string | undefined): Promise<QueueBoardMode | null> {
    const token = cookieValue(cookieHeader, QUEUE_BOARD_COOKIE);
    if (!token) return null;
    try {
      const claims = await this.jwt.verifyAsync<SessionClaims>(token, { audience: AUDIENCE, algorithms: ['HS256'] });
      return claims.mode === 'full' ? 'full' : 'read-only';
    } catch {
      return null;
    }
  }
}
