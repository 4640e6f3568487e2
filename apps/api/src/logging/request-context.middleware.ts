/** Runs the rest of the request inside its request context, so EventIngestor can put the id on the job. */
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { runWithRequestContext } from '@leadboard/server';
import type { NextFunction, Request, Response } from 'express';
import { assignRequestId } from './request-id';

@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    runWithRequestContext({ requestId: assignRequestId(req, res) }, next);
  }
}
