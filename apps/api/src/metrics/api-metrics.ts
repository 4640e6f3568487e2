/**
 * The API's own figures, on the process registry (LeadboardMetrics): HTTP requests by route pattern
 * and status, the queues' job counts and the live sockets of this node. Queue counts are read from
 * Redis when Prometheus scrapes (they are the cluster's, so only the API reports them, not every worker).
 */
import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { LeadboardMetrics } from '@leadboard/server';
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MONITORED_QUEUES } from '../operations/monitored-queues';

const QUEUE_COUNT_TIMEOUT_MS = 1000;

type JobState = 'waiting' | 'active' | 'delayed' | 'failed';

const QUEUE_GAUGES: Record<JobState, string> = {
  waiting: 'Jobs waiting for a worker, by queue',
  active: 'Jobs a worker is running, by queue',
  delayed: 'Jobs waiting for a retry (backoff), by queue',
  failed: 'Jobs that failed every attempt and are kept (dead letters), by queue',
};

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]);
}

@Injectable()
export class ApiMetrics {
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpSeconds: Histogram<'method' | 'route'>;
  readonly liveSocketsGauge: Gauge;
  private liveSockets: () => number = () => 0;

  constructor(
    metrics: LeadboardMetrics,
    private readonly moduleRef: ModuleRef,
  ) {
    const registers = [metrics.registry];
    this.httpRequests = new Counter({
      name: 'leadboard_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: 'leadboard_http_request_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // registry.metrics() collects every metric at once: the four queue gauges share one Redis read.
    const gauges = {} as Record<JobState, Gauge<'queue'>>;
    let pending: Promise<void> | null = null;
    const collect = () =>
      (pending ??= this.readQueueCounts(gauges).finally(() => {
        pending = null;
      }));
    for (const [state, help] of Object.entries(QUEUE_GAUGES) as [JobState, string][]) {
      gauges[state] = new Gauge({ name: `leadboard_queue_${state}`, help, labelNames: ['queue'], registers, collect });
    }
    const sockets = () => this.liveSockets();
    this.liveSocketsGauge = new Gauge({
      name: 'leadboard_live_sockets',
      help: 'socket.io clients connected to this API node (namespace /live)',
      registers,
      collect() {
        this.set(sockets());
      },
    });
  }

  /** The live gateway says how to count its sockets once it is up. */
  countLiveSocketsWith(count: () => number): void {
    this.liveSockets = count;
  }

  private async readQueueCounts(gauges: Record<JobState, Gauge<'queue'>>): Promise<void> {
    for (const gauge of Object.values(gauges)) gauge.reset();
    await Promise.all(
      MONITORED_QUEUES.map(async (name) => {
        const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        try {
          const c = await withTimeout(queue.getJobCounts('waiting', 'active', 'delayed', 'failed'), QUEUE_COUNT_TIMEOUT_MS);
          for (const state of Object.keys(gauges) as JobState[]) gauges[state].set({ queue: name }, c[state] ?? 0);
        } catch {
          // Redis away: the series are absent for this scrape (Prometheus shows the gap) rather than a false 0.
        }
      }),
    );
  }
}
