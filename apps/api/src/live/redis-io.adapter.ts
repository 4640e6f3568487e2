/**
 * socket.io over Redis: several API nodes share rooms, and the worker's emitter reaches them all.
 * Before any handshake, a browser's Origin must be the API's own or one of CORS_ORIGINS
 * (origin-policy.ts): another site's page cannot open a socket in a user's browser.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { SecurityAuditLog, createRedis, socketIoRedisKey, type AppConfig } from '@leadboard/server';
import { createAdapter } from '@socket.io/redis-adapter';
import type IORedis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { originAllowed } from './origin-policy';

export class RedisIoAdapter extends IoAdapter {
  private readonly pub: IORedis;
  private readonly sub: IORedis;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
    this.pub = createRedis(config.redisUrl, 'client');
    this.sub = this.pub.duplicate();
    for (const c of [this.pub, this.sub]) c.on('error', () => undefined);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const audit = this.app.get(SecurityAuditLog, { strict: false });
    const server = super.createIOServer(port, {
      ...options,
      allowRequest: (req, callback) => {
        const allowed = originAllowed(req.headers.origin, req.headers.host, this.config.corsOrigins);
        if (!allowed) {
          audit.record({ tenantId: null, event: 'socket.refused', actor: { kind: 'anonymous', id: null }, ip: req.socket.remoteAddress ?? null, status: 403, detail: { reason: 'origin' } });
        }
        callback(allowed ? null : 'origin not allowed', allowed);
      },
    } as ServerOptions) as Server;
    server.adapter(createAdapter(this.pub, this.sub, { key: socketIoRedisKey(this.config.queuePrefix) }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all([this.pub.quit().catch(() => undefined), this.sub.quit().catch(() => undefined)]);
  }
}
