/**
 * Meta's webhook for one source. No bearer credential: Meta proves itself with the verify token
 * (handshake) and the body's signature (notifications), both checked by the service.
 */
import { Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { apiErrorSchema, metaWebhookAcceptedSchema, metaWebhookBodySchema, type MetaWebhookAccepted } from '@leadboard/contracts';
import { QUEUE_RETRY_AFTER_SECONDS } from '@leadboard/server';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiDoc, ApiTags } from '../../openapi/api-doc.decorator';
import { MetaWebhookService, WebhookQueueUnavailable } from './meta-webhook.service';

/** Meta's subscription handshake, as Meta sends it (read by the service, not by a pipe). */
const handshakeQuery = z.object({
  'hub.mode': z.literal('subscribe'),
  'hub.verify_token': z.string().meta({ description: "The source's verify token (compared in constant time)." }),
  'hub.challenge': z.string().meta({ description: 'Echoed as the whole body: 1 to 256 printable characters.' }),
});

const signatureHeader = z.object({
  'X-Hub-Signature-256': z.string().meta({ description: '`sha256=<hex>`: the HMAC-SHA256 of the raw body bytes under the source\'s app secret.' }),
});

@Controller('api/v1/integrations/meta/:sourceId/webhook')
@ApiTags('Meta Lead Ads')
export class MetaWebhookController {
  constructor(private readonly webhook: MetaWebhookService) {}

  /** `200` with the challenge as the whole `text/plain` body when the verify token matches, else `403`. */
  @Get()
  @ApiDoc({
    summary: "Meta's webhook handshake: the challenge echoed when the verify token is the source's",
    description: 'Called by Meta, with no credential, when the Callback URL is saved in its app dashboard.',
    query: handshakeQuery,
    response: { contentType: 'text/plain', schema: z.string(), description: '`hub.challenge`, as the whole body.' },
    errors: {
      400: 'The verify token matches but `hub.challenge` is missing or not 1 to 256 printable characters.',
      403: '`hub.mode` is not `subscribe`, the verify token is not the source\'s, or the source is unknown.',
    },
  })
  async handshake(@Param('sourceId') sourceId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const challenge = await this.webhook.handshake(sourceId, query['hub.mode'], query['hub.verify_token'], query['hub.challenge']);
    res.status(200).type('text/plain').setHeader('X-Content-Type-Options', 'nosniff');
    res.send(challenge);
  }

  @Post()
  @HttpCode(200)
  @ApiDoc({
    summary: "Meta's `leadgen` notification: one lead fetch queued per new lead",
    description:
      'No credential: Meta signs the raw body with the app secret (`X-Hub-Signature-256`). Ids are read as exact strings, even when Meta ' +
      'writes them as JSON numbers beyond 2^53. Each `entry[].changes[]` with `field: "leadgen"` becomes one fetch job (repeats add ' +
      'nothing); other fields are ignored. Answered once the jobs are queued; the worker fetches each lead from the Graph API and ' +
      'produces a `lead.created` (`eventId = meta:<leadgen_id>`). Refusals leave a line in the source\'s `lastError`.',
    headers: signatureHeader,
    body: metaWebhookBodySchema,
    response: metaWebhookAcceptedSchema,
    errors: {
      400: 'Not a Meta webhook notification: malformed JSON, or a signed body without an `entry` array.',
      401: '`X-Hub-Signature-256` is missing or does not match the body; nothing was queued.',
      404: 'Unknown source (or deleted).',
      503: {
        schema: apiErrorSchema,
        description:
          "The source's app secret cannot be read on this server (`SECRETS_KEY` unset or changed), or the queue cannot take the jobs " +
          '(then with `Retry-After`); nothing was queued, Meta delivers again.',
        headers: { 'Retry-After': 'seconds to wait (queue unavailable)' },
      },
    },
  })
  async notification(
    @Param('sourceId') sourceId: string,
    @Req() req: RawBodyRequest<Request>,
    @Headers('x-hub-signature-256') signature: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MetaWebhookAccepted> {
    try {
      return await this.webhook.receive(sourceId, req.rawBody, signature);
    } catch (err) {
      if (err instanceof WebhookQueueUnavailable) res.setHeader('Retry-After', String(QUEUE_RETRY_AFTER_SECONDS));
      throw err;
    }
  }
}
