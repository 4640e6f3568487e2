/** The worker's own figures, on the process registry (LeadboardMetrics): what it applied, how fast, what failed. */
import { Injectable } from '@nestjs/common';
import { LeadboardMetrics } from '@leadboard/server';
import { Counter, Histogram } from 'prom-client';

@Injectable()
export class WorkerMetrics {
  readonly eventsApplied: Counter;
  readonly eventsDuplicate: Counter;
  readonly applyBatchSeconds: Histogram;
  readonly batchFailures: Counter<'outcome'>;

  constructor(metrics: LeadboardMetrics) {
    const registers = [metrics.registry];
    this.eventsApplied = new Counter({ name: 'leadboard_events_applied_total', help: 'Events applied to leads (each event once, whatever its deliveries)', registers });
    this.eventsDuplicate = new Counter({
      name: 'leadboard_events_duplicate_total',
      help: 'Events received again and dropped by the events primary key (redelivery, client retries)',
      registers,
    });
    this.applyBatchSeconds = new Histogram({
      name: 'leadboard_apply_batch_seconds',
      help: 'Time to apply one ingest batch (one PostgreSQL transaction)',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.batchFailures = new Counter({
      name: 'leadboard_apply_failures_total',
      help: 'Batches that failed an attempt: `retry` (will be tried again) or `dead_letter` (every attempt failed)',
      labelNames: ['outcome'],
      registers,
    });
    // Both series exist from the start at 0, so a rate over them is 0 rather than no data.
    for (const outcome of ['retry', 'dead_letter']) this.batchFailures.inc({ outcome }, 0);
  }
}
