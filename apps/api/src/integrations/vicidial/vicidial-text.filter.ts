/**
 * VICIdial logs the body of every answer (vicidial_url_log): its endpoints answer `text/plain`
 * whatever happens — the guard's 401, a 400 with what is missing, a 503 — never JSON. Nothing of the
 * request (its URL carries the key and personal data) is logged or echoed.
 */
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

@Catch()
export class VicidialTextFilter implements ExceptionFilter {
  private readonly logger = new Logger('VicidialIntegration');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const body = status === 401 ? 'invalid or missing key' : status === 403 ? 'this key is not an ingest key' : textOf(err);
      res.status(status).type('text/plain').send(body);
      return;
    }
    this.logger.error(`VICIdial request failed: ${(err as Error)?.message ?? String(err)}`);
    res.status(500).type('text/plain').send('internal error');
  }
}

function textOf(err: HttpException): string {
  const r = err.getResponse();
  if (typeof r === 'string') return r;
  const message = (r as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : err.message;
}
