/**
 * Runs the rest of the request inside its request context, so EventIngestor can put the id on the job,
 * and inside an open tenant scope, which the auth guard names once the caller is known (until then,
 * and for routes without credentials, the database shows no tenant's rows).
 */
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { runInOpenScope, runWithRequestContext } from '@leadboard/server';
import type { NextFunction, Request, Response } from 'express';
import { assignRequestId } from './request-id';

@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    runWithRequestContext({ requestId: assignRequestId(req, res) }, () => runInOpenScope(next));
  }
}
