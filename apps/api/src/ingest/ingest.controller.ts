import { BadRequestException, Body, Controller, HttpCode, Post, Res, ServiceUnavailableException } from '@nestjs/common';
import { ingestAcceptedSchema, ingestRejectedSchema, ingestRequestSchema, validateIngestBody, type IngestAccepted } from '@leadboard/contracts';
import { EventIngestor, QUEUE_RETRY_AFTER_SECONDS, QueueUnavailableError, SourceActivity } from '@leadboard/server';
import type { Response } from 'express';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';

@Controller('api/v1/events')
@ApiTags('Ingest')
export class IngestController {
  constructor(
    private readonly ingest: EventIngestor,
    private readonly activity: SourceActivity,
  ) {}

  /** One event, or `{ events: [...] }` with up to 1,000; events are stored under the key's tenant. */
  @Post()
  @HttpCode(202)
  @Auth(['ingest'])
  @ApiDoc({
    summary: 'Send events: one, or `{ events: [...] }` with up to 1,000',
    description:
      'Answered once every event of the request is durably queued: the request is one job, queued whole or not at all. ' +
      'A repeated `eventId` is not an error (the effect is exactly-once). Unknown fields are ignored; unknown campaigns, ' +
      'leads and operators are created on first sight. `disposition` may be canonical, a dialer code (mapped) or anything ' +
      'else (recorded as `OTHER`).',
    body: ingestRequestSchema,
    response: ingestAcceptedSchema,
    errors: {
      400: { schema: ingestRejectedSchema, description: 'Some event is invalid: each is named by `index` and `path`; nothing was queued.' },
      413: 'The body is over 5 MB.',
      503: { description: 'The queue cannot take the events now; nothing was queued.', headers: { 'Retry-After': 'seconds to wait' } },
    },
  })
  async post(
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestAccepted> {
    const v = validateIngestBody(body);
    if (!v.ok) {
      const message = `${new Set(v.errors.map((e) => e.index)).size} invalid event(s); nothing was queued`;
      // for the Sources page: where and why, never the values (they may be personal data)
      const where = v.errors.slice(0, 3).map((e) => `event ${e.index} ${e.path}: ${e.message}`);
      await this.activity.recordError(p.tenantId, { kind: 'api' }, `400 ${message} (${where.join('; ')}${v.errors.length > 3 ? '; …' : ''})`);
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors: v.errors });
    }
    try {
      return await this.ingest.enqueue(p.tenantId, v.events);
    } catch (err) {
      if (err instanceof QueueUnavailableError) {
        await this.activity.recordError(p.tenantId, { kind: 'api' }, '503 the event queue was unavailable; nothing was queued');
        res.setHeader('Retry-After', String(QUEUE_RETRY_AFTER_SECONDS));
        throw new ServiceUnavailableException('the event queue is unavailable; nothing was queued, retry later');
      }
      throw err;
    }
  }
}
