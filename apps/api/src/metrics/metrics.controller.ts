/** `GET /metrics`: the API process's figures in Prometheus text (optionally behind METRICS_TOKEN). */
import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { APP_CONFIG, LeadboardMetrics, metricsAccessAllowed, type AppConfig } from '@leadboard/server';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';

@Controller('metrics')
@ApiTags('Operations')
export class MetricsController {
  constructor(
    private readonly metrics: LeadboardMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiDoc({
    summary: "This API node's metrics, in Prometheus text format",
    description:
      'Ingest, HTTP requests by route pattern and status, queue depths, live sockets, and Node\'s process metrics. ' +
      "Each worker serves its own (apply rate, batch latency) on `WORKER_METRICS_PORT`. Open unless `METRICS_TOKEN` is set.",
    response: { contentType: 'text/plain', schema: z.string(), description: 'Prometheus text exposition format 0.0.4.' },
    errors: { 401: 'METRICS_TOKEN is set and the bearer token is not it.' },
    security: [{}, { metricsToken: [] }],
  })
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!metricsAccessAllowed(this.config.metricsToken, req.headers.authorization)) throw new UnauthorizedException('metrics token required');
    const { contentType, body } = await this.metrics.exposition();
    res.setHeader('Content-Type', contentType);
    res.send(body);
  }
}
