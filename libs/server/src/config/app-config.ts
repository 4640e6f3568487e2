/**
 * The environment, read once and validated at boot: a bad variable fails with a message naming it.
 * Defaults work on a developer machine (local PostgreSQL with trust auth, local Redis).
 */
import { z } from 'zod';

const DEV_JWT_SECRET = 'leadboard-dev-secret-not-for-production';

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
  JWT_SECRET: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
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
});

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  port: number;
  host: string;
  jwtSecret: string;
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
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  metricsToken: string | null;
  workerMetricsPort: number | null;
  queueBoardAdmins: string[];
  dashboardDir: string | null;
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
  if (!e.JWT_SECRET && e.NODE_ENV === 'production') {
    throw new ConfigError('Invalid environment:\n  JWT_SECRET: is required when NODE_ENV=production');
  }
  return {
    nodeEnv: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX,
    port: e.PORT,
    host: e.HOST,
    jwtSecret: e.JWT_SECRET ?? DEV_JWT_SECRET,
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
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN ?? null,
    workerMetricsPort: e.WORKER_METRICS_PORT ?? null,
    queueBoardAdmins: e.QUEUE_BOARD_ADMINS.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean),
    dashboardDir: e.DASHBOARD_DIR ?? null,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
