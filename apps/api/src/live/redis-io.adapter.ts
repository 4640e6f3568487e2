/**
 * socket.io over Redis: several API nodes share rooms, and LivePublisher (worker and API) reaches
 * them all. The adapter is socket.io's sharded one (SSUBSCRIBE, Redis ≥ 7), the same on one node,
 * behind Sentinel and on a Cluster; see libs/server's live-emitter.ts for why. Its subscription mode is
 * `static`: every broadcast travels on the namespace's one channel (LivePublisher's messages name
 * several rooms at once, which a per-room channel cannot carry without sending a socket one copy per room).
 * Before any handshake, a browser's Origin must be the API's own or one of CORS_ORIGINS
 * (origin-policy.ts): another site's page cannot open a socket in a user's browser.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { SecurityAuditLog, createRedis, socketIoRedisKey, type AppConfig, type RedisClient } from '@leadboard/server';
import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';
import { originAllowed } from './origin-policy';

export class RedisIoAdapter extends IoAdapter {
  private readonly pub: RedisClient;
  private readonly sub: RedisClient;

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
    this.pub = createRedis(config.redisUrl, 'client');
    // Sharded subscriptions are restored by ioredis after a reconnection (a node's, or a cluster shard's).
    this.sub = createRedis(config.redisUrl, 'client', { shardedSubscribers: true });
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
    server.adapter(createShardedAdapter(this.pub, this.sub, { channelPrefix: socketIoRedisKey(this.config.queuePrefix), subscriptionMode: 'static' }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all([this.pub, this.sub].map((c) => (c.status === 'ready' ? c.quit().catch(() => undefined) : c.disconnect())));
  }
}
