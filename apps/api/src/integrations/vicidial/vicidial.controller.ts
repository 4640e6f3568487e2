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
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../../auth/auth.guard';
import type { Principal } from '../../auth/principal';
import { ApiDoc, ApiTags } from '../../openapi/api-doc.decorator';
import { VICIDIAL_OK, vicidialAgentEventForm, vicidialDispoQuery, vicidialNoAgentQuery, vicidialRefusals } from './vicidial-api-doc';
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
@ApiTags('VICIdial')
export class VicidialController {
  constructor(private readonly intake: VicidialIntake) {}

  @Get('dispo')
  @Auth(['ingest'], undefined, { keyParam: true })
  @ApiDoc({
    summary: "VICIdial's Dispo Call URL: an agent's call ended with a status → one `call.outcome`",
    description:
      'Paste `dispoUrl` from `GET /api/v1/integrations/vicidial`. Values may be form-encoded or raw; a repeated parameter keeps its ' +
      'first value, unknown ones are ignored, `pass`/`phone_pass` are dropped unread. Event id ' +
      '`vicidial:dispo:<uniqueid>:<lead_id>:<agent_log_id>` (a hash of the parameters when all three ids are empty), so a URL sent ' +
      'twice applies once. Lead details fill only what the lead is missing. See docs/integrations/vicidial.md.',
    query: vicidialDispoQuery,
    response: VICIDIAL_OK,
    errors: vicidialRefusals('`missing lead_id`, `epoch must be Unix seconds`, `callback_datetime must be YYYY-MM-DD HH:MM:SS`'),
  })
  dispo(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.answer(res, p, 'dispo', queryParams(req));
  }

  @Get('no-agent')
  @Auth(['ingest'], undefined, { keyParam: true })
  @ApiDoc({
    summary: "VICIdial's No Agent Call URL: a call that reached no agent → one `call.outcome` without an operator",
    description:
      'Paste `noAgentUrl` from `GET /api/v1/integrations/vicidial`. `status` is required (`dispo` is read in its place), so is ' +
      '`campaign` unless the tenant has a default campaign. Event id `vicidial:na:<uniqueid>:<lead_id>:<status>`. A raw phone ' +
      'number whose `+` arrived as a space gets it back.',
    query: vicidialNoAgentQuery,
    response: VICIDIAL_OK,
    errors: vicidialRefusals('`missing status`, `SQLdate must be YYYY-MM-DD HH:MM:SS`'),
  })
  noAgent(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.answer(res, p, 'no-agent', queryParams(req));
  }

  @Post('agent-events')
  @HttpCode(200)
  @Auth(['ingest'], undefined, { keyParam: true })
  @ApiDoc({
    summary: "VICIdial's Agent Events Push (relayed by get2post.php as a form POST) → one `operator.state`",
    description:
      'Paste `agentEventsUrl` from `GET /api/v1/integrations/vicidial` into System Settings → Agent Push URL. Events that say what the ' +
      'agent is doing become a state; any other is answered `OK ignored <event>`. Event id ' +
      '`vicidial:agent:<user>:<epoch>:<counter>:<event>`; `occurredAt` is `epoch` plus `counter mod 1000` ms. The operator\'s ' +
      'campaign is the tenant\'s default VICIdial campaign, if set. Parameters left in the query string are read too.',
    body: { contentType: 'application/x-www-form-urlencoded', schema: vicidialAgentEventForm },
    response: { ...VICIDIAL_OK, description: '`OK <eventId>` once queued, or `OK ignored <event>` for an event that is not a state.' },
    errors: {
      ...vicidialRefusals('`missing user`, `counter must be a whole number`, `the form body could not be read`'),
      413: { contentType: 'text/plain', schema: z.string(), description: '`the form body is too large` (over 64 KB: not VICIdial).' },
    },
  })
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
