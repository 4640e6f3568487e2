/**
 * Every Redis connection of the API and the worker starts here, from REDIS_URL, whatever the topology:
 *
 * - `redis://[user:pass@]host:port[/db]` (or `rediss://`, TLS) — one node;
 * - `redis+sentinel://[user:pass@]host:port[,host:port…]/<master-name>[/db][?sentinelPassword=…]` —
 *   the sentinels to ask for the current master of `<master-name>`; ioredis follows a failover;
 * - `redis+cluster://[user:pass@]host:port[,host:port…]` — seed nodes of a Redis Cluster (no db on a
 *   cluster); ioredis discovers the others and follows MOVED/ASK redirections.
 *
 * Roles: `producer` connections fail fast when Redis is away (ingest answers 503 instead of waiting);
 * `worker` connections wait and retry forever, as BullMQ's blocking commands require; `client`
 * connections (locks, pub/sub, the live publisher) give up on a command after one retry, and their
 * owners catch that. Every connection reconnects on its own after Redis comes back.
 */
import IORedis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';

export type RedisRole = 'producer' | 'worker' | 'client';

/** A connection to one node (or to a sentinel-managed master) or to a cluster: the commands we use exist on both. */
export type RedisClient = IORedis | Cluster;

interface HostPort {
  host: string;
  port: number;
}

export type RedisTopology =
  | { kind: 'standalone'; node: HostPort; db: number; auth: RedisAuth }
  | { kind: 'sentinel'; sentinels: HostPort[]; masterName: string; db: number; auth: RedisAuth; sentinelPassword: string | undefined }
  | { kind: 'cluster'; nodes: HostPort[]; auth: RedisAuth };

interface RedisAuth {
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
}

/** Extra ioredis settings a caller needs (a key prefix, lazy connection, manual resubscription). */
export interface RedisExtras {
  keyPrefix?: string;
  lazyConnect?: boolean;
  autoResubscribe?: boolean;
  /** Cluster only: sharded pub/sub (SSUBSCRIBE) through one subscriber per shard. */
  shardedSubscribers?: boolean;
  /** A one-shot command-line connection: no reconnection when Redis cannot be reached. */
  noReconnect?: boolean;
}

const URL_SHAPE = /^(rediss?)(?:\+(cluster|sentinel))?:\/\/(?:([^@/?#]*)@)?([^/?#]+)(\/[^?#]*)?(?:\?([^#]*))?$/;

export class RedisUrlError extends Error {}

function hostPorts(list: string): HostPort[] {
  return list.split(',').map((item) => {
    const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(item.trim());
    if (!m) throw new RedisUrlError(`"${item}" is not host:port`);
    const port = m[2] ? Number(m[2]) : 6379;
    if (port < 1 || port > 65535) throw new RedisUrlError(`"${item}" has no valid port`);
    return { host: m[1].replace(/^\[|\]$/g, ''), port };
  });
}

function database(segment: string | undefined): number {
  if (segment === undefined || segment === '') return 0;
  if (!/^\d{1,2}$/.test(segment)) throw new RedisUrlError(`"${segment}" is not a database number`);
  return Number(segment);
}

/** What REDIS_URL names; throws RedisUrlError with a readable reason. */
export function parseRedisUrl(url: string): RedisTopology {
  const m = URL_SHAPE.exec(url);
  if (!m) throw new RedisUrlError('expected redis://host:port/db, redis+sentinel://host:port,…/master-name or redis+cluster://host:port,…');
  const [, scheme, mode, userinfo, hosts, path = '', query = ''] = m;
  const [user, pass] = userinfo === undefined ? [] : [userinfo.split(':')[0], userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : undefined];
  const auth: RedisAuth = {
    username: user ? decodeURIComponent(user) : undefined,
    password: pass ? decodeURIComponent(pass) : undefined,
    tls: scheme === 'rediss',
  };
  const segments = path.split('/').filter(Boolean);
  const nodes = hostPorts(hosts);
  if (mode === 'cluster') {
    if (segments.length) throw new RedisUrlError('a cluster has no database number: use redis+cluster://host:port,host:port');
    return { kind: 'cluster', nodes, auth };
  }
  if (mode === 'sentinel') {
    if (!segments[0] || segments.length > 2) throw new RedisUrlError('expected redis+sentinel://host:port,…/master-name[/db]');
    const sentinelPassword = new URLSearchParams(query).get('sentinelPassword') ?? undefined;
    return { kind: 'sentinel', sentinels: nodes, masterName: decodeURIComponent(segments[0]), db: database(segments[1]), auth, sentinelPassword };
  }
  if (nodes.length !== 1) throw new RedisUrlError('several hosts need redis+cluster:// or redis+sentinel://');
  if (segments.length > 1) throw new RedisUrlError(`"${path}" is not a database number`);
  return { kind: 'standalone', node: nodes[0], db: database(segments[0]), auth };
}

export function isRedisCluster(url: string): boolean {
  return parseRedisUrl(url).kind === 'cluster';
}

function roleOptions(role: RedisRole): Pick<RedisOptions, 'enableOfflineQueue' | 'maxRetriesPerRequest'> {
  if (role === 'producer') return { enableOfflineQueue: false, maxRetriesPerRequest: 1 };
  if (role === 'worker') return { maxRetriesPerRequest: null };
  return { maxRetriesPerRequest: 1 };
}

const retryStrategy = (times: number) => Math.min(times * 200, 2000);

/** ioredis options for one node or a sentinel-managed master (a cluster has no such options: see createRedis). */
export function redisOptions(url: string, role: RedisRole): RedisOptions {
  const t = parseRedisUrl(url);
  if (t.kind === 'cluster') throw new RedisUrlError('a Redis Cluster has no single-node options: use createRedis or queueConnection');
  const common: RedisOptions = {
    db: t.db,
    username: t.auth.username,
    password: t.auth.password,
    tls: t.auth.tls ? {} : undefined,
    retryStrategy,
    ...roleOptions(role),
  };
  if (t.kind === 'standalone') return { ...common, host: t.node.host, port: t.node.port };
  return {
    ...common,
    sentinels: t.sentinels,
    name: t.masterName,
    sentinelPassword: t.sentinelPassword,
    // Sentinels are asked again with the same back-off while none answers; a failover they announce
    // (+switch-master) moves the connection to the new master at once rather than at the next error.
    sentinelRetryStrategy: retryStrategy,
    failoverDetector: true,
  };
}

function clusterOptions(t: Extract<RedisTopology, { kind: 'cluster' }>, role: RedisRole, extras: RedisExtras): ClusterOptions {
  const { enableOfflineQueue, maxRetriesPerRequest } = roleOptions(role);
  return {
    enableOfflineQueue,
    clusterRetryStrategy: extras.noReconnect ? () => null : retryStrategy,
    keyPrefix: extras.keyPrefix,
    lazyConnect: extras.lazyConnect,
    shardedSubscribers: extras.shardedSubscribers,
    redisOptions: {
      username: t.auth.username,
      password: t.auth.password,
      tls: t.auth.tls ? {} : undefined,
      maxRetriesPerRequest,
      autoResubscribe: extras.autoResubscribe,
    },
  };
}

export function createRedis(url: string, role: RedisRole, extras: RedisExtras = {}): RedisClient {
  const t = parseRedisUrl(url);
  if (t.kind === 'cluster') return new Cluster(t.nodes, clusterOptions(t, role, extras));
  const { keyPrefix, lazyConnect, autoResubscribe, noReconnect } = extras;
  return new IORedis({ ...redisOptions(url, role), keyPrefix, lazyConnect, autoResubscribe, ...(noReconnect ? { retryStrategy: () => null } : {}) });
}

/**
 * BullMQ's `connection`: options for one node or a sentinel-managed master (BullMQ opens and closes
 * its connections itself), a Cluster instance on a cluster (BullMQ cannot build one from options). BullMQ
 * never closes an instance it was given: the process's exit does, after Nest closed the queues.
 */
export function queueConnection(url: string, role: 'producer' | 'worker'): RedisOptions | Cluster {
  const t = parseRedisUrl(url);
  if (t.kind === 'cluster') return new Cluster(t.nodes, clusterOptions(t, role, {}));
  return redisOptions(url, role);
}

/**
 * A key prefix that keeps one deployment's keys in one cluster hash slot: BullMQ's scripts touch
 * several keys of a queue at once, which a cluster only allows within one slot. `{prefix}` when the
 * prefix has no hash tag of its own; unchanged on a single node.
 */
export function hashTaggedPrefix(prefix: string, cluster: boolean): string {
  return cluster && !/\{[^}]+\}/.test(prefix) ? `{${prefix}}` : prefix;
}
