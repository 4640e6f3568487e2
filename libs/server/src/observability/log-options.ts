/**
 * pino settings shared by the API and the worker: JSON lines on stdout, and nothing personal or
 * secret in them. Request logs carry the method, the path without its query string (VICIdial puts
 * the ingest key and the lead's name there) and the route pattern; never headers or bodies. The
 * redaction list is a second line of defence for anything that would still carry a credential.
 */
import { stdTimeFunctions, type LoggerOptions } from 'pino';
import type { AppConfig } from '../config/app-config';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'password',
  'accessToken',
  'token',
  'key',
];

/**
 * Errors are logged by type, message and stack only: the other fields of a database error carry the
 * query's parameters (personal data). Takes an Error or pino's own serialization of one.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const e = err as { type?: unknown; name?: unknown; message?: unknown; stack?: unknown };
  return { type: e.type ?? e.name, message: e.message, stack: e.stack };
}

export function pinoOptions(config: Pick<AppConfig, 'logLevel'>, process: 'api' | 'worker'): LoggerOptions {
  return {
    level: config.logLevel,
    base: { process },
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
  };
}
