/**
 * `GET /api/v1/campaigns/{id}/queue` (users and wall screens: a wall screen gets initials and reason keys,
 * never a name, phone or e-mail) and its CSV export for dialers that load lists (users only).
 */
import { Controller, ForbiddenException, Get, Param, Query, Res } from '@nestjs/common';
import { idSchema, queueCsvQuerySchema, queueQuerySchema, queueResponseSchema, type QueueCsvQuery, type QueueQuery } from '@leadboard/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ZodBody } from '../common/zod-body.pipe';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { HotLeadQueueService } from './hot-lead-queue.service';

const NOT_FOUND = { 404: 'Unknown campaign, or one the caller may not see.' };
const CSV_DOC = {
  contentType: 'text/csv',
  schema: z.string(),
  description:
    'UTF-8 with a BOM, comma-separated, in the order to call: `lead_id,name,phone,email,priority,hot,reasons,waiting_since,stage` ' +
    '(`reasons` as `key+points`, e.g. `immediateNeed+30 fresh+28`).',
  headers: { 'Content-Disposition': '`attachment; filename="queue-<campaign>.csv"`' },
};

@Controller('api/v1/campaigns')
@ApiTags('Priority and the hot-lead queue')
export class HotLeadQueueController {
  constructor(private readonly queue: HotLeadQueueService) {}

  @Get(':id/queue.csv')
  @Auth(['user'])
  @ApiDoc({
    summary: "The campaign's queue as CSV, for dialers that load lists (users only)",
    description: 'Up to `limit` open leads (default and maximum 5,000), hottest first, with name, phone and e-mail. Wall-screen tokens are refused.',
    response: CSV_DOC,
    errors: NOT_FOUND,
  })
  async csv(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Query(new ZodBody(queueCsvQuerySchema)) q: QueueCsvQuery,
    @Res() res: Response,
  ): Promise<void> {
    this.sendCsv(res, id, await this.queue.csv(p, id, q.limit));
  }

  @Get(':id/queue')
  @Auth(['user', 'wall'])
  @ApiDoc({
    summary: 'The open leads to call first, hottest first (priority desc, then waiting longest, then id)',
    description:
      'Also the count of hot leads and the oldest wait among them. Users get each lead\'s `contact`; wall-screen tokens get `initials` ' +
      'and reason keys only. `format=csv` answers the CSV of `queue.csv` (users only).',
    response: queueResponseSchema,
    errors: { ...NOT_FOUND, 403: '`format=csv` with a wall-screen token.' },
  })
  async list(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ZodBody(idSchema)) id: string,
    @Query(new ZodBody(queueQuerySchema)) q: QueueQuery,
    @Res() res: Response,
  ): Promise<void> {
    if (q.format === 'csv') {
      this.sendCsv(res, id, await this.queue.csv(asUser(p), id, q.limit));
      return;
    }
    res.status(200).json(await this.queue.queue(p, id, q.limit));
  }

  private sendCsv(res: Response, campaignId: string, body: string): void {
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="queue-${campaignId.replace(/[^\w.-]/g, '_')}.csv"`);
    res.end(body);
  }
}

function asUser(p: Principal): Principal {
  if (p.kind !== 'user') throw new ForbiddenException('the CSV export holds personal data: users only');
  return p;
}
