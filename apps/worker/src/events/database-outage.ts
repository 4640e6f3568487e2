/**
 * Telling "PostgreSQL is not there" from "this job is bad". An unreachable database must not burn a
 * job's attempts into dead letters: the worker keeps the work and applies it again once the
 * database answers. A transient conflict between writers (deadlock, serialization) is retried as a
 * set before its jobs are tried one by one.
 */

/** SQLSTATE classes and codes that say the server is gone or not accepting work (not the job's fault). */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '08007']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNAVAILABLE_MESSAGES = [/connection terminated/i, /terminating connection/i, /connection (?:is )?closed/i, /server closed the connection/i, /timeout exceeded when trying to connect/i, /cannot use a pool after calling end/i, /Client has encountered a connection error/i];

function codeOf(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.code ?? e.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  const code = codeOf(err);
  if (code && (UNAVAILABLE_CODES.has(code) || NETWORK_CODES.has(code))) return true;
  const message = err instanceof Error ? err.message : String(err);
  return UNAVAILABLE_MESSAGES.some((re) => re.test(message));
}

/** Deadlock or serialization failure: the same work succeeds when tried again. */
export function isTransientConflict(err: unknown): boolean {
  const code = codeOf(err);
  return code === '40P01' || code === '40001';
}
