/**
 * What this API process last read about users and keys, for at most PRINCIPAL_CACHE_MS — and only
 * while the access-change subscription is up: a change made anywhere (API, CLI) evicts the entry
 * at once, and without the subscription nothing is cached (every request reads PostgreSQL).
 * Listeners (the live gateway) hear about each eviction, after it happened.
 */
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AccessChange, type AppConfig } from '@leadboard/server';
import { AccessChangeBus } from './access-change-bus';

const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  until: number;
}

export interface CachedUser {
  id: string;
  tenantId: string;
  email: string;
  role: 'admin' | 'manager' | 'supervisor';
  disabled: boolean;
  sessionVersion: number;
}

export interface CachedKey {
  id: string;
  tenantId: string;
  kind: 'ingest' | 'wall';
  campaignIds: string[] | null;
  revoked: boolean;
  expiresAtMs: number | null;
}

@Injectable()
export class PrincipalCache {
  private readonly users = new Map<string, Entry<CachedUser | null>>();
  /** By key hash (what a request carries); `keyHashes` finds the entry from the id a change names. */
  private readonly keys = new Map<string, Entry<CachedKey | null>>();
  private readonly keyHashes = new Map<string, string>();
  private readonly listeners: ((change: AccessChange | 'resync') => void)[] = [];

  constructor(
    private readonly bus: AccessChangeBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    bus.onChange((change) => {
      this.evict(change);
      for (const l of this.listeners) l(change);
    });
  }

  onInvalidated(listener: (change: AccessChange | 'resync') => void): void {
    this.listeners.push(listener);
  }

  user(id: string): CachedUser | null | undefined {
    return this.read(this.users, id);
  }

  rememberUser(id: string, value: CachedUser | null): void {
    this.write(this.users, id, value);
  }

  key(hash: string): CachedKey | null | undefined {
    return this.read(this.keys, hash);
  }

  rememberKey(hash: string, value: CachedKey | null): void {
    if (this.write(this.keys, hash, value) && value) this.keyHashes.set(value.id, hash);
  }

  private read<T>(map: Map<string, Entry<T>>, id: string): T | undefined {
    const entry = map.get(id);
    if (!entry) return undefined;
    if (entry.until > Date.now() && this.bus.listening) return entry.value;
    map.delete(id);
    return undefined;
  }

  private write<T>(map: Map<string, Entry<T>>, id: string, value: T): boolean {
    if (this.config.principalCacheMs <= 0 || !this.bus.listening) return false;
    if (map.size >= MAX_ENTRIES) this.clear();
    map.set(id, { value, until: Date.now() + this.config.principalCacheMs });
    return true;
  }

  private evict(change: AccessChange | 'resync'): void {
    if (change === 'resync') return this.clear();
    if (change.kind === 'user') this.users.delete(change.userId);
    else {
      const hash = this.keyHashes.get(change.keyId);
      if (hash) this.keys.delete(hash);
      this.keyHashes.delete(change.keyId);
    }
  }

  private clear(): void {
    this.users.clear();
    this.keys.clear();
    this.keyHashes.clear();
  }
}
