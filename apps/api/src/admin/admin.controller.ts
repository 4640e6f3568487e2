import { Controller, Get } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { deadLetterSummarySchema, type DeadLetterSummary } from '@leadboard/contracts';
import { EVENTS_QUEUE, type IngestBatchJob } from '@leadboard/server';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Auth, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiDoc, ApiTags } from '../openapi/api-doc.decorator';

@Controller('api/v1/admin')
@Auth(['user'], ['admin'])
@ApiTags('Operations')
export class AdminController {
  constructor(
    private readonly ds: DataSource,
    @InjectQueue(EVENTS_QUEUE) private readonly queue: Queue<IngestBatchJob>,
  ) {}

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
