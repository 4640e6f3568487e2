/**
 * The environment, read once and validated at boot: a bad variable fails with a message naming it.
 * Defaults work on a developer machine (local PostgreSQL with trust auth, local Redis) — except the
 * session signing secret, which is never built in (the API asks for it: `requireJwtKeys`).
 */
import { z } from 'zod';
import { parseSecretsKey } from '../secrets/secret-box';
import { jwtKeys, secretStrengthProblem, type JwtKeys } from '../auth/jwt-secrets';
import { hashTaggedPrefix, isRedisCluster, parseRedisUrl } from '../queue/redis-connection';

const jwtSecretSchema = z.string().superRefine((v, ctx) => {
  const problem = secretStrengthProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Express's `trust proxy` (never `true`: anyone could then pick their IP address): hops, or a comma list of loopback / linklocal / uniquelocal / addresses / CIDRs. */
const TRUST_PROXY = /^(false|\d{1,2}|((loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*))$/;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL' })
    .default('postgres://postgres@127.0.0.1:5432/leadboard'),
  /** One node, a sentinel-managed master or a cluster: the forms are in libs/server's redis-connection.ts and docs/REDIS.md. */
  REDIS_URL: z
    .string()
    .superRefine((v, ctx) => {
      try {
        parseRedisUrl(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    })
    .default('redis://127.0.0.1:6379/0'),
  /**
   * Prefix of every key we and BullMQ write, so several deployments (or test runs) share one Redis
   * safely. On a cluster it is used as a hash tag, `{leadboard}` (hashTaggedPrefix).
   */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1-64 letters, digits, _ or -' }).default('leadboard'),
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  JWT_SECRET: jwtSecretSchema.optional(),
  /** The secret before a rotation: still verifies the tokens it signed, signs nothing. */
  JWT_SECRET_PREVIOUS: jwtSecretSchema.optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).default(12 * 3600),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Ingest jobs a worker holds at once: what arrives while a set is applied goes out as the next set (one transaction). */
  ENGINE_SET_JOBS: z.coerce.number().int().min(1).max(512).default(64),
  /** Most events in one set (one transaction). */
  ENGINE_SET_MAX_EVENTS: z.coerce.number().int().min(100).max(100_000).default(5000),
  /** Sets a worker applies at the same time (each its own transaction and connection). */
  ENGINE_SETS_IN_FLIGHT: z.coerce.number().int().min(1).max(16).default(2),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** How long a worker's lock on a job lasts; a killed worker's jobs are retried once it expires. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  METRICS_PUSH_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(300),
  /** How often the worker evaluates each active campaign's alert rules (two evaluations raise or resolve). */
  ALERT_EVAL_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  INGEST_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /** A personal callback still owned this long after it was due is released to the pool. */
  CALLBACK_RELEASE_AFTER_MS: z.coerce.number().int().min(100).max(7 * 24 * 3_600_000).default(15 * 60_000),
  /** How often the worker looks for callbacks that came due or must be released. */
  CALLBACK_SCAN_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** How often the worker drops counter rows that no figure reads any more. */
  STATS_RETENTION_INTERVAL_MS: z.coerce.number().int().min(1000).max(7 * 24 * 3_600_000).default(3_600_000),
  /** How often the worker looks for CSV imports stored but never queued. */
  IMPORT_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  CORS_ORIGINS: z.string().default(''),
  /**
   * Key of the integration secrets kept encrypted (Meta app secrets and page tokens): 32+ random bytes,
   * base64 or hex. Optional: without it the API runs, but no integration secret can be stored or read.
   */
  SECRETS_KEY: z
    .string()
    .superRefine((v, ctx) => {
      const r = parseSecretsKey(v);
      if ('error' in r) ctx.addIssue({ code: 'custom', message: r.error });
    })
    .optional(),
  /** Meta's Graph API host; tests point it at a local fake. */
  META_GRAPH_URL: z.string().regex(/^https?:\/\/[^\s]+$/, { error: 'must be an http(s):// URL' }).default('https://graph.facebook.com'),
  META_GRAPH_VERSION: z.string().regex(/^v\d+\.\d+$/, { error: 'must look like v21.0' }).default('v21.0'),
  META_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Tries of one lead fetch on transient Graph errors (5xx, network, rate limits), with exponential backoff. */
  META_FETCH_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  META_RETRY_DELAY_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000),
  /**
   * The address dialers and ad platforms reach Leadboard at (e.g. https://leadboard.example.com),
   * used in the URLs the API prints for pasting into them; unset, each request's own host is used.
   */
  PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { error: 'must be an http(s) URL, e.g. https://leadboard.example.com' }).optional(),
  /** Largest CSV list accepted by an import upload (bytes). */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1).default(200 * 1024 * 1024),
  /** Imports one worker process runs at once (each parses a file and queues its batches). */
  IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** An import waits while this many event batches are waiting in the events queue, so live events are never stuck behind a big list. */
  IMPORT_MAX_WAITING_BATCHES: z.coerce.number().int().min(1).max(10_000).default(20),
  /** pino's level for the JSON logs of the API and the worker. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** When set, `/metrics` (API and worker) asks for `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  /** The worker's own `/metrics` listener; unset, the worker serves none (several workers on one host). */
  WORKER_METRICS_PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).optional(),
  /**
   * E-mails of the admins who may act in the queue UI (retry, clean, pause): the queues hold every
   * tenant's jobs. Other admins get a read-only view.
   */
  QUEUE_BOARD_ADMINS: z.string().default(''),
  /** The built dashboard the API serves; `dist/apps/dashboard` beside the API's bundle by default. */
  DASHBOARD_DIR: z.string().optional(),
  /** Requests per second one ingest key may make (ingest and integration endpoints); over it: 429. */
  RATE_LIMIT_INGEST: z.coerce.number().int().min(1).max(100_000).default(200),
  /** Failed logins per window from one IP address, and for one e-mail, before logins are refused (429). */
  RATE_LIMIT_LOGIN_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  RATE_LIMIT_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** `subscribe` messages one live socket may send per minute. */
  RATE_LIMIT_SUBSCRIBE: z.coerce.number().int().min(1).max(10_000).default(30),
  TRUST_PROXY: z.string().trim().regex(TRUST_PROXY, { error: 'must be false, a number of hops, or loopback/linklocal/uniquelocal/addresses/CIDRs separated by commas' }).default('loopback'),
  /** How long an API process trusts what it read about a user or key (0: never); changes still apply at once through Redis. */
  PRINCIPAL_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** How often every open live socket's credentials are checked again (expiry; revocations apply at once). */
  LIVE_RECHECK_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** How often the worker erases the personal data of leads past their tenant's retention. */
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(1000).max(7 * 24 * 3_600_000).default(3_600_000),
  /** How often the worker recomputes the priority of leads whose freshness decays (less than a day old). */
  PRIORITY_RECOMPUTE_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** Days security audit rows are kept. */
  SECURITY_AUDIT_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
});

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  port: number;
  host: string;
  /** The session signing secrets; null when JWT_SECRET is not set (the worker and the CLI need none). */
  jwt: JwtKeys | null;
  jwtTtlSeconds: number;
  workerConcurrency: number;
  engineSetJobs: number;
  engineSetMaxEvents: number;
  engineSetsInFlight: number;
  jobAttempts: number;
  workerLockMs: number;
  metricsPushIntervalMs: number;
  alertEvalIntervalMs: number;
  ingestQueueTimeoutMs: number;
  callbackReleaseAfterMs: number;
  callbackScanIntervalMs: number;
  statsRetentionIntervalMs: number;
  importRecoveryIntervalMs: number;
  corsOrigins: string[];
  /** The decoded SECRETS_KEY, when set. */
  secretsKey: Buffer | null;
  publicUrl: string | null;
  metaGraphUrl: string;
  metaGraphVersion: string;
  metaFetchTimeoutMs: number;
  metaFetchAttempts: number;
  metaRetryDelayMs: number;
  importMaxBytes: number;
  importConcurrency: number;
  importMaxWaitingBatches: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  metricsToken: string | null;
  workerMetricsPort: number | null;
  queueBoardAdmins: string[];
  dashboardDir: string | null;
  rateLimits: { ingestPerSecond: number; loginFailures: number; loginWindowSeconds: number; subscribePerMinute: number };
  trustProxy: boolean | number | string;
  principalCacheMs: number;
  liveRecheckIntervalMs: number;
  retentionIntervalMs: number;
  priorityRecomputeIntervalMs: number;
  securityAuditDays: number;
}

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError whose message names each bad variable. */
export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.JWT_SECRET_PREVIOUS && !e.JWT_SECRET) {
    throw new ConfigError('Invalid environment:\n  JWT_SECRET: is required when JWT_SECRET_PREVIOUS is set (the new secret signs, the previous one only verifies)');
  }
  if (e.JWT_SECRET_PREVIOUS && e.JWT_SECRET_PREVIOUS === e.JWT_SECRET) {
    throw new ConfigError('Invalid environment:\n  JWT_SECRET_PREVIOUS: must differ from JWT_SECRET');
  }
  return {
    nodeEnv: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: hashTaggedPrefix(e.QUEUE_PREFIX, isRedisCluster(e.REDIS_URL)),
    port: e.PORT,
    host: e.HOST,
    jwt: e.JWT_SECRET ? jwtKeys(e.JWT_SECRET, e.JWT_SECRET_PREVIOUS) : null,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    engineSetJobs: e.ENGINE_SET_JOBS,
    engineSetMaxEvents: e.ENGINE_SET_MAX_EVENTS,
    engineSetsInFlight: e.ENGINE_SETS_IN_FLIGHT,
    jobAttempts: e.JOB_ATTEMPTS,
    workerLockMs: e.WORKER_LOCK_MS,
    metricsPushIntervalMs: e.METRICS_PUSH_INTERVAL_MS,
    alertEvalIntervalMs: e.ALERT_EVAL_INTERVAL_MS,
    ingestQueueTimeoutMs: e.INGEST_QUEUE_TIMEOUT_MS,
    callbackReleaseAfterMs: e.CALLBACK_RELEASE_AFTER_MS,
    callbackScanIntervalMs: e.CALLBACK_SCAN_INTERVAL_MS,
    statsRetentionIntervalMs: e.STATS_RETENTION_INTERVAL_MS,
    importRecoveryIntervalMs: e.IMPORT_RECOVERY_INTERVAL_MS,
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    secretsKey: e.SECRETS_KEY ? (parseSecretsKey(e.SECRETS_KEY) as { key: Buffer }).key : null,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    metaGraphUrl: e.META_GRAPH_URL.replace(/\/+$/, ''),
    metaGraphVersion: e.META_GRAPH_VERSION,
    metaFetchTimeoutMs: e.META_FETCH_TIMEOUT_MS,
    metaFetchAttempts: e.META_FETCH_ATTEMPTS,
    metaRetryDelayMs: e.META_RETRY_DELAY_MS,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    importConcurrency: e.IMPORT_CONCURRENCY,
    importMaxWaitingBatches: e.IMPORT_MAX_WAITING_BATCHES,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN ?? null,
    workerMetricsPort: e.WORKER_METRICS_PORT ?? null,
    queueBoardAdmins: e.QUEUE_BOARD_ADMINS.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean),
    dashboardDir: e.DASHBOARD_DIR ?? null,
    rateLimits: {
      ingestPerSecond: e.RATE_LIMIT_INGEST,
      loginFailures: e.RATE_LIMIT_LOGIN_FAILURES,
      loginWindowSeconds: e.RATE_LIMIT_LOGIN_WINDOW_SECONDS,
      subscribePerMinute: e.RATE_LIMIT_SUBSCRIBE,
    },
    trustProxy: trustProxySetting(e.TRUST_PROXY),
    principalCacheMs: e.PRINCIPAL_CACHE_MS,
    liveRecheckIntervalMs: e.LIVE_RECHECK_INTERVAL_MS,
    retentionIntervalMs: e.RETENTION_INTERVAL_MS,
    priorityRecomputeIntervalMs: e.PRIORITY_RECOMPUTE_INTERVAL_MS,
    securityAuditDays: e.SECURITY_AUDIT_DAYS,
  };
}

function trustProxySetting(value: string): boolean | number | string {
  if (value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * The API signs sessions: without a secret it must not start (there is no built-in one to fall back
 * on). Throws a ConfigError naming JWT_SECRET.
 */
export function requireJwtKeys(config: Pick<AppConfig, 'jwt'>): JwtKeys {
  if (!config.jwt) {
    throw new ConfigError(
      'Invalid environment:\n  JWT_SECRET: is required: the API signs user sessions with it (32 random bytes, e.g. `openssl rand -base64 32`)',
    );
  }
  return config.jwt;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
