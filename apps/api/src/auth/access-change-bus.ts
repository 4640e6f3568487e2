/**
 * The API's end of the access-change channel (libs/server access-changes.ts): publishes the changes
 * this process makes, and tells its listeners about everyone's. `listening` is true only while the
 * subscription is confirmed: a cache must not be trusted while changes could be missed.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, accessChangesChannel, announceAccessChange, createRedis, parseAccessChange, type AccessChange, type AppConfig, type RedisClient } from '@leadboard/server';

type Listener = (change: AccessChange | 'resync') => void;

@Injectable()
export class AccessChangeBus implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AccessChangeBus.name);
  private readonly pub: RedisClient;
  private readonly sub: RedisClient;
  private readonly channel: string;
  private readonly listeners: Listener[] = [];
  private closing = false;
  listening = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.channel = accessChangesChannel(config.queuePrefix);
    this.pub = createRedis(config.redisUrl, 'producer');
    // Resubscribed by hand on every (re)connection, so `listening` turns true only once Redis confirmed it.
    this.sub = createRedis(config.redisUrl, 'client', { autoResubscribe: false, lazyConnect: true });
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
    this.sub.on('close', () => this.setListening(false));
    this.sub.on('ready', () => void this.subscribe());
    this.sub.on('message', (channel: string, message: string) => {
      const change = channel === this.channel ? parseAccessChange(message) : null;
      if (change) this.emit(change);
    });
  }

  onModuleInit(): void {
    this.sub.connect().catch(() => undefined);
  }

  /** Called for each change, and with 'resync' when changes may have been missed (the subscription came back). */
  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Publishes a change; a failure is logged (other processes cannot be listening then, so they cache nothing). */
  async announce(change: AccessChange): Promise<void> {
    this.emit(change);
    await announceAccessChange(this.pub, this.config.queuePrefix, change).catch((err: Error) =>
      this.logger.warn(`access change not published (${err.message}); other API processes re-read it within PRINCIPAL_CACHE_MS`),
    );
  }

  private async subscribe(): Promise<void> {
    try {
      await this.sub.subscribe(this.channel);
      this.setListening(true);
    } catch {
      this.setListening(false);
    }
  }

  private setListening(value: boolean): void {
    if (value === this.listening) return;
    this.listening = value;
    // Whatever was cached before the subscription came back may have missed a change.
    if (value) this.emit('resync');
    else if (!this.closing) this.logger.warn('access-change subscription lost: every request reads PostgreSQL until it is back');
  }

  private emit(change: AccessChange | 'resync'): void {
    for (const l of this.listeners) l(change);
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    // QUIT waits for a connection that may never come back: only connected clients are asked politely.
    await Promise.all([this.pub, this.sub].map((c) => (c.status === 'ready' ? c.quit().catch(() => undefined) : c.disconnect())));
  }
}
