/**
 * The tenant's disposition table: read it (with the codes still unmapped), change a row, import
 * VICIdial's statuses as proposals, and ask the worker to re-apply the table to a campaign.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type {
  DispositionMappingRow,
  DispositionTableResponse,
  ImportVicidialResponse,
  PutDispositionRequest,
  ReapplyDispositionsAccepted,
  VicidialStatusRow,
} from '@leadboard/contracts';
import { normalizeCode, proposeDispositions } from '@leadboard/domain';
import {
  APP_CONFIG,
  DispositionTableRepository,
  EVENTS_QUEUE,
  QUEUE_RETRY_AFTER_SECONDS,
  REAPPLY_DISPOSITIONS_JOB,
  reapplyJobOptions,
  type AppConfig,
  type ReapplyDispositionsJob,
} from '@leadboard/server';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

/** 503 for a queue that did not take the job; the controller sets Retry-After. */
export class ReapplyQueueUnavailable extends ServiceUnavailableException {
  readonly retryAfterSeconds = QUEUE_RETRY_AFTER_SECONDS;
  constructor() {
    super('the event queue is unavailable; nothing was queued, retry later');
  }
}

@Injectable()
export class DispositionsService {
  private readonly repo: DispositionTableRepository;

  constructor(
    private readonly ds: DataSource,
    @InjectQueue(EVENTS_QUEUE) private readonly queue: Queue<ReapplyDispositionsJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.repo = new DispositionTableRepository(ds);
  }

  async table(tenantId: string): Promise<DispositionTableResponse> {
    const table = await this.repo.load(tenantId);
    return { mappings: table.listing(), unmapped: await this.repo.listUnmapped(tenantId, table) };
  }

  async put(tenantId: string, code: string, body: PutDispositionRequest): Promise<DispositionMappingRow> {
    const row = { code: normalizeCode(code), disposition: body.disposition, campaignId: body.campaignId ?? null };
    await this.repo.upsert(tenantId, [row]);
    return { ...row, builtIn: false };
  }

  async remove(tenantId: string, code: string, campaignId: string | null): Promise<void> {
    if (!(await this.repo.remove(tenantId, code, campaignId))) {
      const scope = campaignId ? `campaign ${campaignId}` : 'the tenant';
      throw new NotFoundException(`no mapping of ${normalizeCode(code)} for ${scope} (built-in rows cannot be removed: a PUT overrides them)`);
    }
  }

  async importVicidial(tenantId: string, rows: VicidialStatusRow[], apply: boolean): Promise<ImportVicidialResponse> {
    const proposals = proposeDispositions(rows, await this.repo.load(tenantId));
    const stored = apply
      ? await this.repo.upsert(
          tenantId,
          proposals.filter((p) => p.storable).map((p) => ({ code: p.code, disposition: p.disposition, campaignId: p.campaignId })),
        )
      : 0;
    return { proposals, applied: apply, stored };
  }

  async reapply(tenantId: string, campaignId: string): Promise<ReapplyDispositionsAccepted> {
    const [campaign] = (await this.ds.query(`SELECT 1 FROM campaigns WHERE tenant_id = $1 AND id = $2`, [tenantId, campaignId])) as unknown[];
    if (!campaign) throw new NotFoundException(`campaign ${campaignId} not found`);
    const [counts] = (await this.ds.query(
      `SELECT count(*)::int AS calls, count(DISTINCT lead_id)::int AS leads FROM events
        WHERE tenant_id = $1 AND campaign_id = $2 AND type = 'call.outcome'`,
      [tenantId, campaignId],
    )) as { calls: number; leads: number }[];
    const job: ReapplyDispositionsJob = { tenantId, campaignId, requestedAt: new Date().toISOString() };
    let jobId: string | undefined;
    try {
      const added = await Promise.race([
        this.queue.add(REAPPLY_DISPOSITIONS_JOB, job, reapplyJobOptions()),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('queue add timed out')), this.config.ingestQueueTimeoutMs).unref()),
      ]);
      jobId = added.id;
    } catch {
      throw new ReapplyQueueUnavailable();
    }
    return { campaignId, callEvents: counts.calls, leads: counts.leads, jobId: String(jobId) };
  }
}
