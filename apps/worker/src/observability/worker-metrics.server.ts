/**
 * The worker has no HTTP API, so it serves its metrics on a listener of its own (WORKER_METRICS_PORT),
 * scraped by Prometheus like the API: each process reports its own counters and its own memory,
 * nothing is written to Redis on the hot path, and a restart is a counter reset Prometheus handles.
 * Unset, there is no listener (several workers on one host would fight over one port); a port in use
 * is logged and the worker goes on: metrics never stop the processing of events.
 */
import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, LeadboardMetrics, metricsAccessAllowed, type AppConfig } from '@leadboard/server';

@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server: Server | null = null;

  constructor(
    private readonly metrics: LeadboardMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.workerMetricsPort;
    if (port === null) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' || path !== '/metrics') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      if (!metricsAccessAllowed(this.config.metricsToken, req.headers.authorization)) {
        res.writeHead(401, { 'Content-Type': 'text/plain' }).end('metrics token required\n');
        return;
      }
      this.metrics.exposition().then(
        ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(body),
        (err: Error) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${err.message}\n`),
      );
    });
    await new Promise<void>((resolve) => {
      server.once('error', (err) => {
        this.logger.warn(`metrics listener not started on port ${port}: ${err.message}`);
        resolve();
      });
      server.listen(port, this.config.host, () => {
        this.server = server;
        this.logger.log(`metrics on http://${this.config.host}:${port}/metrics`);
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Prometheus keeps its connection open between scrapes; close() alone would wait for it.
    server.closeAllConnections();
    await closed;
  }
}
