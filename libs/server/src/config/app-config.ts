/**
 * The environment, read once and validated at boot: a bad variable fails with a message naming it.
 * Defaults work on a developer machine (local PostgreSQL with trust auth, local Redis) — except the
 * session signing secret, which is never built in (the API asks for it: `requireJwtKeys`).
 */
import { z } from 'zod';
import { jwtKeys, secretStrengthProblem, type JwtKeys } from '../auth/jwt-secrets';

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
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { error: 'must be a redis:// URL' })
    .default('redis://127.0.0.1:6379/0'),
  /** Prefix of every BullMQ key, so several deployments (or test runs) share one Redis safely. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be 1-64 letters, digits, _ or -' }).default('leadboard'),
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  JWT_SECRET: jwtSecretSchema.optional(),
  /** The secret before a rotation: still verifies the tokens it signed, signs nothing. */
  JWT_SECRET_PREVIOUS: jwtSecretSchema.optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).default(12 * 3600),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
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
  CORS_ORIGINS: z.string().default(''),
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
  jobAttempts: number;
  workerLockMs: number;
  metricsPushIntervalMs: number;
  alertEvalIntervalMs: number;
  ingestQueueTimeoutMs: number;
  callbackReleaseAfterMs: number;
  callbackScanIntervalMs: number;
  corsOrigins: string[];
  rateLimits: { ingestPerSecond: number; loginFailures: number; loginWindowSeconds: number; subscribePerMinute: number };
  trustProxy: boolean | number | string;
  principalCacheMs: number;
  liveRecheckIntervalMs: number;
  retentionIntervalMs: number;
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
    queuePrefix: e.QUEUE_PREFIX,
    port: e.PORT,
    host: e.HOST,
    jwt: e.JWT_SECRET ? jwtKeys(e.JWT_SECRET, e.JWT_SECRET_PREVIOUS) : null,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    jobAttempts: e.JOB_ATTEMPTS,
    workerLockMs: e.WORKER_LOCK_MS,
    metricsPushIntervalMs: e.METRICS_PUSH_INTERVAL_MS,
    alertEvalIntervalMs: e.ALERT_EVAL_INTERVAL_MS,
    ingestQueueTimeoutMs: e.INGEST_QUEUE_TIMEOUT_MS,
    callbackReleaseAfterMs: e.CALLBACK_RELEASE_AFTER_MS,
    callbackScanIntervalMs: e.CALLBACK_SCAN_INTERVAL_MS,
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
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
