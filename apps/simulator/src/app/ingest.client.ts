/**
 * One POST of a batch to the ingest endpoint, and what to do about its answer: done, retry the
 * same batch later (429/503 with Retry-After, 5xx, network trouble), or stop (a 4xx means a bug
 * in the model or a wrong key/URL: retrying would not help).
 */
import type { IngestAccepted, IngestError, IngestEventInput } from '@leadboard/contracts';

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export type PostResult =
  | { kind: 'accepted'; accepted: number; duplicates: number }
  /** Retry the same batch (same eventIds) after `afterMs`; `throttled` for 429/503, else an error. */
  | { kind: 'retry'; afterMs: number | null; throttled: boolean; reason: string }
  | { kind: 'fatal'; status: number; message: string; errors: IngestError[] };

export interface IngestClientOptions {
  url: string;
  key: string;
  fetch?: FetchLike;
  /** Per request; a request that times out is retried (the server may have queued it: at-least-once). */
  timeoutMs?: number;
}

const DEFAULT_RETRY_AFTER_MS = 1000;
const MAX_RETRY_AFTER_MS = 60_000;

/** `Retry-After` in seconds or as an HTTP date, in milliseconds (null when absent or unreadable). */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - nowMs;
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}

export class IngestClient {
  readonly endpoint: string;
  private readonly key: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;

  constructor(options: IngestClientOptions) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/api/v1/events`;
    this.key = options.key;
    this.fetchImpl = options.fetch ?? (globalThis.fetch as unknown as FetchLike);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async post(events: readonly IngestEventInput[]): Promise<PostResult> {
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const res = await this.fetchImpl(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
        body: JSON.stringify({ events }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (err) {
      const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      return { kind: 'retry', afterMs: null, throttled: false, reason: `network: ${cause}` };
    }
    if (status >= 200 && status < 300) {
      const body = safeJson(text) as Partial<IngestAccepted> | null;
      return { kind: 'accepted', accepted: body?.accepted ?? events.length, duplicates: body?.duplicates ?? 0 };
    }
    if (status === 429 || status === 503) {
      return { kind: 'retry', afterMs: parseRetryAfter(retryAfter) ?? DEFAULT_RETRY_AFTER_MS, throttled: true, reason: `HTTP ${status}` };
    }
    if (status >= 500 || status === 408) {
      return { kind: 'retry', afterMs: parseRetryAfter(retryAfter), throttled: false, reason: `HTTP ${status}: ${text.slice(0, 200)}` };
    }
    const body = safeJson(text) as { errors?: IngestError[]; message?: unknown } | null;
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    const message = typeof body?.message === 'string' ? body.message : text.slice(0, 500);
    return { kind: 'fatal', status, message: explain(status, message), errors };
  }
}

function explain(status: number, message: string): string {
  switch (status) {
    case 400:
      return `HTTP 400: the server rejected events the model generated (a simulator bug). ${message}`;
    case 401:
    case 403:
      return `HTTP ${status}: the ingest key was refused (check --key / LEADBOARD_INGEST_KEY). ${message}`;
    case 404:
      return `HTTP 404: no ingest endpoint here (check --url / LEADBOARD_URL). ${message}`;
    case 413:
      return `HTTP 413: request too large (lower --batch). ${message}`;
    default:
      return `HTTP ${status}: ${message}`;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
