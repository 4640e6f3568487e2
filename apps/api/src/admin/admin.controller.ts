import { Controller, ForbiddenException, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { deadLetterSummarySchema, queueBoardSessionSchema, type DeadLetterSummary, type QueueBoardSession } from '@leadboard/contracts';
import { EVENTS_QUEUE, type IngestBatchJob } from '@leadboard/server';
import type { Queue } from 'bullmq';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';
import { QueueBoardSessions } from '../queue-board/queue-board-sessions';

@Controller('api/v1/admin')
@Auth(['user'], ['admin'])
@ApiTags('Operations')
export class AdminController {
  constructor(
    private readonly ds: DataSource,
    @InjectQueue(EVENTS_QUEUE) private readonly queue: Queue<IngestBatchJob>,
    private readonly queueBoard: QueueBoardSessions,
  ) {}

  /** The queue UI's cookie for this browser (HttpOnly, 15 minutes, path /admin/queues). */
  @Post('queues/session')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Open the queue UI (Bull Board) in this browser',
    description:
      'Sets a short-lived HttpOnly cookie scoped to `/admin/queues`; then open `url`. The page at `/admin/queues` does this ' +
      'by itself for an admin signed in to the dashboard in the same tab. The queues hold every tenant\'s jobs: admins named in ' +
      '`QUEUE_BOARD_ADMINS` may act on them (`mode: full`), other admins look (`read-only`); job data is shown as ids and counts.',
    response: queueBoardSessionSchema,
  })
  openQueueBoard(@CurrentPrincipal() p: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<QueueBoardSession> {
    if (p.kind !== 'user') throw new ForbiddenException('the queue UI is for admins');
    return this.queueBoard.open({ userId: p.userId, tenantId: p.tenantId, email: p.email }, req, res);
  }

  /** Batches that failed every retry: the tenant's dead letters, and the queue's failed set (all tenants). */
  @Get('dead-letters')
  @ApiDoc({ summary: 'Batches that failed every retry: the tenant\'s dead letters, and the size of the queue\'s failed set', response: deadLetterSummarySchema })
  async deadLetters(@CurrentPrincipal() p: Principal): Promise<DeadLetterSummary> {
    const [{ n }] = (await this.ds.query('SELECT count(*)::int AS n FROM dead_letters WHERE tenant_id = $1', [p.tenantId])) as { n: number }[];
    const latest = (await this.ds.query(
      `SELECT id, failed_at, error, jsonb_array_length(events) AS events FROM dead_letters
        WHERE tenant_id = $1 ORDER BY id DESC LIMIT 20`,
      [p.tenantId],
    )) as { id: string; failed_at: Date; error: string; events: number }[];
    const queueFailed = await this.queue.getFailedCount().catch(() => -1);
    return {
      count: n,
      queueFailed,
      latest: latest.map((r) => ({ id: String(r.id), failedAt: new Date(r.failed_at).toISOString(), error: r.error.split('\n')[0], events: r.events })),
    };
  }
}
