/**
 * The door of the queue UI: the session cookie, or an admin's bearer token (for scripts), decides
 * between the full board and the read-only one (queue-board-sessions.ts). Anything else is `401`:
 * a page that signs a dashboard admin in for a browser, JSON for the rest.
 */
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AuthService, bearerToken } from '../auth/auth.service';
import { QueueBoardSessions, type QueueBoardMode } from './queue-board-sessions';
import { SIGN_IN_PAGE, SIGN_IN_SCRIPT, SIGN_IN_SCRIPT_PATH } from './queue-board-sign-in';

@Injectable()
export class QueueBoardAuthMiddleware {
  constructor(
    private readonly sessions: QueueBoardSessions,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** One Express handler in front of the two boards. */
  handler(boards: Record<QueueBoardMode, RequestHandler>): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      this.modeOf(req, res).then((mode) => (mode ? boards[mode](req, res, next) : undefined), next);
    };
  }

  private async modeOf(req: Request, res: Response): Promise<QueueBoardMode | null> {
    const path = req.originalUrl.split('?')[0];
    if (path === SIGN_IN_SCRIPT_PATH && req.method === 'GET') {
      res.type('application/javascript').setHeader('Cache-Control', 'no-cache');
      res.send(SIGN_IN_SCRIPT);
      return null;
    }
    const fromCookie = await this.sessions.cookieMode(req.headers.cookie);
    if (fromCookie) return fromCookie;
    const token = bearerToken(req.headers.authorization);
    if (token) {
      // The API's own authentication (users, keys), resolved once the application is up.
      const principal = await this.moduleRef.get(AuthService, { strict: false }).authenticate(token);
      if (principal?.kind === 'user' && principal.role === 'admin') return this.sessions.modeFor(principal.email);
      if (principal) {
        res.status(403).json({ statusCode: 403, error: 'Forbidden', message: 'the queue UI is for admins' });
        return null;
      }
    }
    res.status(401).setHeader('Cache-Control', 'no-store');
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(SIGN_IN_PAGE);
    else res.json({ statusCode: 401, error: 'Unauthorized', message: 'the queue UI needs an admin session: POST /api/v1/admin/queues/session' });
    return null;
  }
}
