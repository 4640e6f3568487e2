/**
 * Turns the ingest jobs a worker holds into sets (group commit), applies each set tenant by tenant —
 * one transaction per tenant's group of jobs, in that tenant's scope (behind the tenant walls one
 * transaction is one tenant's: docs/SECURITY.md) — pushes each group's results live after its commit,
 * and hands every job its own outcome; each group on its own:
 * - PostgreSQL unreachable → no job fails: the worker stops taking jobs, waits (backing off, probing)
 *   and applies the same set again once the database answers;
 * - a deadlock or serialization failure → the set is tried again (a few times);
 * - any other failure of a multi-job set → its jobs are applied one by one, so only the culprit
 *   fails (and ends as a dead letter after its attempts), the others are applied.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, runInTenantScope, type AppConfig, type IngestBatchJob } from '@leadboard/server';
import { DataSource } from 'typeorm';
import { LivePublisher } from '@leadboard/server';
import { MetricsCoalescer } from '../live/metrics-coalescer';
import { WorkerMetrics } from '../observability/worker-metrics';
import { isDatabaseUnavailable, isTransientConflict } from './database-outage';
import { EventApplier, type ApplyResult, type JobSummary } from './event-applier';
import { JobSetCollector, type ItemOutcome } from './job-set-collector';

/** What the runner asks of the queue consumer while PostgreSQL is away. */
export interface FlowControl {
  pause(): void;
  resume(): void;
}

const CONFLICT_RETRIES = 3;
const OUTAGE_FIRST_WAIT_MS = 250;
const OUTAGE_MAX_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

@Injectable()
export class IngestSetRunner {
  private readonly logger = new Logger(IngestSetRunner.name);
  private readonly collector: JobSetCollector<IngestBatchJob, JobSummary>;
  private flow: FlowControl | null = null;
  private outage: Promise<void> | null = null;
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly ds: DataSource,
    private readonly applier: EventApplier,
    private readonly publisher: LivePublisher,
    private readonly coalescer: MetricsCoalescer,
    private readonly metrics: WorkerMetrics,
  ) {
    this.collector = new JobSetCollector((jobs) => this.applyByTenant(jobs), (job) => job.events.length, {
      maxJobs: config.engineSetJobs,
      maxEvents: config.engineSetMaxEvents,
      inFlight: config.engineSetsInFlight,
    });
  }

  /** The queue consumer to pause while PostgreSQL is unreachable. */
  attach(flow: FlowControl): void {
    this.flow = flow;
  }

  /** Shutdown began: an outage is no longer waited out (the jobs go back to the queue's retries). */
  close(): void {
    this.closing = true;
  }

  /** Applies the job within the next set; resolves once that set committed and was pushed. */
  apply(job: IngestBatchJob): Promise<JobSummary> {
    return this.collector.submit(job);
  }

  /** Applies `refoldLeads` / `reapplyDispositions` results the same way a set's are pushed. */
  publish(result: ApplyResult): void {
    for (const t of result.transitions) this.publisher.transition(result.tenantId, t);
    for (const a of result.alerts) this.publisher.alert(result.tenantId, a);
    for (const a of result.accounts) this.publisher.account(result.tenantId, a);
    for (const v of result.dncViolations) {
      this.logger.warn(`DNC violation: tenant ${result.tenantId} campaign ${v.campaignId} lead ${v.leadId} event ${v.eventId}`);
    }
    this.coalescer.markDirty(result.tenantId, result.touchedCampaigns);
    this.coalescer.markOperatorsDirty(result.tenantId, result.operatorChanges);
  }

  /**
   * A set, tenant by tenant (tenant id order, as every writer locks): each tenant's jobs are one group,
   * applied and recovered on their own in that tenant's scope, so a poison job or a conflict in one
   * tenant's group never holds back or re-applies another's. The outcomes come back in the set's order.
   */
  private async applyByTenant(jobs: IngestBatchJob[]): Promise<ItemOutcome<JobSummary>[]> {
    const outcomes: ItemOutcome<JobSummary>[] = new Array(jobs.length);
    const tenants = [...new Set(jobs.map((j) => j.tenantId))].sort();
    for (const tenantId of tenants) {
      const indexes = jobs.flatMap((j, i) => (j.tenantId === tenantId ? [i] : []));
      let group: ItemOutcome<JobSummary>[];
      try {
        group = await runInTenantScope(tenantId, () => this.applyWithRecovery(indexes.map((i) => jobs[i])));
      } catch (error) {
        // A job naming no valid tenant: its group fails, the other tenants' groups go on.
        group = indexes.map(() => ({ ok: false, error }));
      }
      indexes.forEach((i, k) => (outcomes[i] = group[k]));
    }
    return outcomes;
  }

  private async applyWithRecovery(jobs: IngestBatchJob[]): Promise<ItemOutcome<JobSummary>[]> {
    for (let conflicts = 0; ; ) {
      try {
        const stopTimer = this.metrics.applyBatchSeconds.startTimer();
        const set = await this.applier.applySet(jobs);
        stopTimer();
        for (const r of set.results) {
          this.metrics.eventsApplied.inc(r.applied);
          this.metrics.eventsDuplicate.inc(r.duplicates);
          this.publish(r);
        }
        return set.jobs.map((value) => ({ ok: true, value }));
      } catch (error) {
        if (isDatabaseUnavailable(error) && !this.closing) {
          await this.waitForDatabase(error);
          continue;
        }
        if (isTransientConflict(error) && conflicts < CONFLICT_RETRIES) {
          conflicts++;
          await sleep(20 + Math.random() * 80 * conflicts);
          continue;
        }
        if (jobs.length === 1) return [{ ok: false, error }];
        this.logger.warn(`a set of ${jobs.length} jobs failed (${messageOf(error)}): applying them one by one`);
        const outcomes: ItemOutcome<JobSummary>[] = [];
        for (const job of jobs) outcomes.push(...(await this.applyWithRecovery([job])));
        return outcomes;
      }
    }
  }

  /** One wait for every set that hit the outage: pause the consumer, probe with backoff, resume. */
  private waitForDatabase(error: unknown): Promise<void> {
    this.outage ??= (async () => {
      this.logger.error(`PostgreSQL unreachable (${messageOf(error)}): no more jobs taken until it answers; the jobs held are kept`);
      this.flow?.pause();
      for (let wait = OUTAGE_FIRST_WAIT_MS; !this.closing; wait = Math.min(wait * 2, OUTAGE_MAX_WAIT_MS)) {
        await sleep(wait);
        try {
          await this.ds.query('SELECT 1');
          break;
        } catch {
          // still away
        }
      }
      if (!this.closing) this.logger.log('PostgreSQL answers again: applying the jobs held and taking new ones');
      this.flow?.resume();
    })().finally(() => {
      this.outage = null;
    });
    return this.outage;
  }
}
