/**
 * The Prometheus registry of one process (API or worker): Node's default metrics, and the figures
 * both processes produce. Each process adds its own metrics to the same registry (ApiMetrics,
 * WorkerMetrics); a registry per instance rather than prom-client's global one, so that several
 * applications in one test process never collide.
 */
import { Injectable } from '@nestjs/common';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { SourceKind } from '../sources/source-activity';

@Injectable()
export class LeadboardMetrics {
  readonly registry = new Registry();

  /** Events queued by the ingest path (HTTP, dialer and ad-platform adapters, CSV imports), by tenant and source. */
  readonly eventsIngested = new Counter<'tenant' | 'source'>({
    name: 'leadboard_events_ingested_total',
    help: 'Events accepted and queued, by tenant and source (api, vicidial, meta, csv)',
    labelNames: ['tenant', 'source'],
    registers: [this.registry],
  });

  /** Live messages handed to Redis by this process's LivePublisher, by event. */
  readonly livePublished = new Counter<'event'>({
    name: 'leadboard_live_messages_published_total',
    help: 'Live channel messages published to Redis, by event',
    labelNames: ['event'],
    registers: [this.registry],
  });

  /** Live messages Redis did not take (away, restarting): dashboards re-sync from `seq`. */
  readonly livePublishFailures = new Counter<'event'>({
    name: 'leadboard_live_publish_failures_total',
    help: 'Live channel messages that could not be published (Redis unreachable), by event; clients re-sync from seq',
    labelNames: ['event'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  ingested(tenantId: string, source: SourceKind, events: number): void {
    this.eventsIngested.inc({ tenant: tenantId, source }, events);
  }

  /** The text exposition format Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
