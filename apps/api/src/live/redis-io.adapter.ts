/** socket.io over Redis: several API nodes share rooms, and the worker's emitter reaches them all. */
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createRedis, socketIoRedisKey, type AppConfig } from '@leadboard/server';
import { createAdapter } from '@socket.io/redis-adapter';
import type IORedis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

export class RedisIoAdapter extends IoAdapter {
  private readonly pub: IORedis;
  private readonly sub: IORedis;

  constructor(app: INestApplicationContext, private readonly config: AppConfig) {
    super(app);
    this.pub = createRedis(config.redisUrl, 'client');
    this.sub = this.pub.duplicate();
    for (const c of [this.pub, this.sub]) c.on('error', () => undefined);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(createAdapter(this.pub, this.sub, { key: socketIoRedisKey(this.config.queuePrefix) }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all([this.pub.quit().catch(() => undefined), this.sub.quit().catch(() => undefined)]);
  }
}
