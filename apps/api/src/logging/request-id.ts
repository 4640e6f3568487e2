import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, requestIdFrom } from '@leadboard/server';

type RequestWithId = IncomingMessage & { id?: unknown };

/**
 * The request's id: the caller's `X-Request-Id` when it is sane, else a new UUID; echoed in the
 * response. Idempotent, so pino-http and the request-context middleware may both ask, in any order.
 */
export function assignRequestId(req: RequestWithId, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  req.id = id;
  if (!res.headersSent) res.setHeader('X-Request-Id', id);
  return id;
}
