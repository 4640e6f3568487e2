/**
 * Parses the form body of VICIdial's Agent Events Push (relayed by get2post.php) before the auth
 * guard runs, since the ingest key travels in it. The decoding is the integration's own (tolerant
 * of raw values; `pass`/`phone_pass` skipped unread), not a general urlencoded parser for the API.
 */
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { parseFormEncoded } from '@leadboard/domain';
import type { NextFunction, Request, Response } from 'express';
import { readTextBody } from '../../common/raw-body';

/** get2post.php posts a few hundred bytes; anything near this is not VICIdial. */
const MAX_FORM_BYTES = 64 * 1024;

@Injectable()
export class VicidialFormBodyMiddleware implements NestMiddleware {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      if (req.method === 'POST' && !req.readableEnded && (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
        req.body = parseFormEncoded(await readTextBody(req, MAX_FORM_BYTES));
      }
      next();
    } catch (err) {
      const status = (err as { getStatus?: () => number }).getStatus?.() ?? 400;
      res.status(status).type('text/plain').send(status === 413 ? 'the form body is too large' : 'the form body could not be read');
    }
  }
}
