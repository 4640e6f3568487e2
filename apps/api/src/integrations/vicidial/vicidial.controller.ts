/**
 * VICIdial's three callers (contract, "Integrations: VICIdial"): the Dispo Call URL, the No Agent
 * Call URL (GET, parameters in the query string) and the Agent Events Push (a form POST relayed by
 * get2post.php). The key comes as `key=` (or an `Authorization: Bearer` ingest key). Answers are
 * text/plain: `200 OK <eventId>`, `400 <what is missing>`, `401`, `503`.
 */
import { Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { VicidialParams } from '@leadboard/contracts';
import { VICIDIAL_SECRET_PARAMS, parseFormEncoded, queryStringOf } from '@leadboard/domain';
import type { Request, Response } from 'express';
import { Auth, CurrentPrincipal } from '../../auth/auth.guard';
import type { Principal } from '../../auth/principal';
import { VicidialIntake, VicidialQueueUnavailable, type VicidialEndpoint } from './vicidial-intake.service';
import { VicidialTextFilter } from './vicidial-text.filter';

/** The request's query string, decoded the integration's way (never Express's parser, never the passwords). */
function queryParams(req: Request): VicidialParams {
  return parseFormEncoded(queryStringOf(req.originalUrl ?? req.url));
}

/** The form body the middleware parsed, plus any query parameters get2post.php left on the URL. */
function formParams(req: Request): VicidialParams {
  const body: unknown = req.body;
  const form = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const out: Record<string, string | undefined> = { ...queryParams(req) };
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string' && !VICIDIAL_SECRET_PARAMS.has(k)) out[k] = v;
  return out;
}

@Controller('api/v1/integrations/vicidial')
@UseFilters(VicidialTextFilter)
export class VicidialController {
  constructor(private readonly intake: VicidialIntake) {}

  @Get('dispo')
  @Auth(['ingest'], undefined, { keyParam: true })
  dispo(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.answer(res, p, 'dispo', queryParams(req));
  }

  @Get('no-agent')
  @Auth(['ingest'], undefined, { keyParam: true })
  noAgent(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.answer(res, p, 'no-agent', queryParams(req));
  }

  @Post('agent-events')
  @HttpCode(200)
  @Auth(['ingest'], undefined, { keyParam: true })
  agentEvents(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.answer(res, p, 'agent-events', formParams(req));
  }

  private async answer(res: Response, p: Principal, endpoint: VicidialEndpoint, params: VicidialParams): Promise<void> {
    try {
      const text = await this.intake.accept(p.tenantId, endpoint, params);
      res.status(200).type('text/plain').send(text);
    } catch (err) {
      if (err instanceof VicidialQueueUnavailable) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  }
}
