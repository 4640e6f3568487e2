/**
 * Meta's webhook for one source. No bearer credential: Meta proves itself with the verify token
 * (handshake) and the body's signature (notifications), both checked by the service.
 */
import { Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { QUEUE_RETRY_AFTER_SECONDS } from '@leadboard/server';
import type { Request, Response } from 'express';
import { MetaWebhookService, WebhookQueueUnavailable } from './meta-webhook.service';

@Controller('api/v1/integrations/meta/:sourceId/webhook')
export class MetaWebhookController {
  constructor(private readonly webhook: MetaWebhookService) {}

  /** `200` with the challenge as the whole `text/plain` body when the verify token matches, else `403`. */
  @Get()
  async handshake(@Param('sourceId') sourceId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const challenge = await this.webhook.handshake(sourceId, query['hub.mode'], query['hub.verify_token'], query['hub.challenge']);
    res.status(200).type('text/plain').setHeader('X-Content-Type-Options', 'nosniff');
    res.send(challenge);
  }

  @Post()
  @HttpCode(200)
  async notification(
    @Param('sourceId') sourceId: string,
    @Req() req: RawBodyRequest<Request>,
    @Headers('x-hub-signature-256') signature: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ leads: number }> {
    try {
      return await this.webhook.receive(sourceId, req.rawBody, signature);
    } catch (err) {
      if (err instanceof WebhookQueueUnavailable) res.setHeader('Retry-After', String(QUEUE_RETRY_AFTER_SECONDS));
      throw err;
    }
  }
}
