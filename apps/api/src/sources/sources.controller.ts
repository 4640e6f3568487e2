import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  apiErrorSchema,
  sourceTestEventRequestSchema,
  sourceTestEventResultSchema,
  sourcesViewSchema,
  type SourceTestEventRequest,
  type SourceTestEventResult,
  type SourcesView,
} from '@leadboard/contracts';
import { APP_CONFIG, QUEUE_RETRY_AFTER_SECONDS, QueueUnavailableError, type AppConfig } from '@leadboard/server';
import type { Request, Response } from 'express';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { publicBaseUrl } from '../common/public-base-url';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { VicidialQueueUnavailable } from '../integrations/vicidial/vicidial-intake.service';
import { SourceTestEventService } from './source-test-event.service';
import { SourcesService } from './sources.service';

/** The Sources page (admins): what each source of events did, and a test event per source. */
@Controller('api/v1/sources')
@Auth(['user'], ['admin'])
@ApiTags('Sources')
export class SourcesController {
  constructor(
    private readonly sources: SourcesService,
    private readonly testEvents: SourceTestEventService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Per source: last event, events today (UTC), latest errors; and where to post events. */
  @Get()
  @ApiDoc({
    summary: 'What each source of events did: last event, events today (UTC) and in all, latest errors; and where to post events',
    description:
      'Always `api`, `vicidial`, then each Meta source (by name), then `csv`. Errors are in words, without personal data, a key or a ' +
      'secret (the latest 10 per source). `ingestUrl` is at `PUBLIC_URL` when set, else at the address this request reached.',
    response: sourcesViewSchema,
  })
  list(@CurrentPrincipal() p: Principal, @Req() req: Request): Promise<SourcesView> {
    return this.sources.list(p.tenantId, publicBaseUrl(this.config, req));
  }

  /** `{ kind: 'api' | 'vicidial' }` → one test event into the campaign `leadboard-test`; `202` once queued. */
  @Post('test-event')
  @HttpCode(202)
  @ApiDoc({
    summary: 'Send one test event through the path a real one of that source takes (to the campaign `leadboard-test`)',
    description:
      '`api`: a no-answer `call.outcome` as an integrator would post it; `vicidial`: the parameters of a Dispo Call URL (code `NA`), ' +
      'through the VICIdial integration with the tenant\'s settings and disposition table. It names no operator and never touches a ' +
      'real campaign; the Sources page then shows it as the source\'s last event.',
    response: sourceTestEventResultSchema,
    errors: { 503: { schema: apiErrorSchema, description: 'The event queue cannot take the event now; nothing was queued.', headers: { 'Retry-After': 'seconds to wait' } } },
  })
  async testEvent(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodBody(sourceTestEventRequestSchema)) body: SourceTestEventRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SourceTestEventResult> {
    try {
      return await this.testEvents.send(p.tenantId, body.kind);
    } catch (err) {
      if (err instanceof QueueUnavailableError || err instanceof VicidialQueueUnavailable) {
        res.setHeader('Retry-After', String(QUEUE_RETRY_AFTER_SECONDS));
        throw new ServiceUnavailableException('the event queue is unavailable; nothing was queued, retry later');
      }
      throw err;
    }
  }
}
