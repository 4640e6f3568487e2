/**
 * Reads one lead from Meta's Graph API (`GET /<version>/<leadgen id>?fields=…&access_token=…`) with
 * Node's fetch and a timeout, and sorts failures into what a caller does next: retry later
 * (`transient`), stop and ask for a new token (`token`), or give up on this lead (`permanent`).
 * The access token is in the URL, so no message built here ever quotes the URL or a raw error.
 */
import { Inject, Injectable } from '@nestjs/common';
import { parseJsonWithStringIds, type GraphLead } from '@leadboard/domain';
import { createHmac } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** What a lead fetch asks for. (`page_id` is not a lead field: it comes from the notification.) */
export const META_LEAD_FIELDS = ['id', 'created_time', 'field_data', 'form_id', 'ad_id', 'adset_id', 'campaign_id', 'platform', 'is_organic'];

export type GraphFailureKind = 'token' | 'transient' | 'permanent';

export class MetaGraphError extends Error {
  constructor(
    readonly kind: GraphFailureKind,
    /** Graph's error code when it gave one (190, 4, 100…). */
    readonly code: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** Graph's error object (`{"error": {...}}`), as far as we read it. */
export interface GraphErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
  error_subcode?: unknown;
  is_transient?: unknown;
}

/** Throttling codes: app (4), user (17), page (32), call-rate (613), and the business-use-case family. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80000, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014]);
/** "Unknown error" and "service temporarily unavailable": Graph's own hiccups. */
const GRAPH_HICCUP_CODES = new Set([1, 2]);
/** Besides 190 (invalid or expired token), OAuth errors that a new token or new permissions fix. */
const OAUTH_TOKEN_CODES = new Set([10, 102]);

/** Pure: what to do with a failed answer (HTTP status and Graph's error object, when there was one). */
export function classifyGraphFailure(status: number, error: GraphErrorBody | undefined): GraphFailureKind {
  const code = typeof error?.code === 'number' ? error.code : null;
  if (code === 190) return 'token';
  if (error?.type === 'OAuthException' && code !== null && (OAUTH_TOKEN_CODES.has(code) || (code >= 200 && code <= 299))) return 'token';
  if (code !== null && (RATE_LIMIT_CODES.has(code) || GRAPH_HICCUP_CODES.has(code))) return 'transient';
  if (error?.is_transient === true) return 'transient';
  if (status >= 500 || status === 429) return 'transient';
  return 'permanent';
}

/** Removes every occurrence of each secret from a text that may have echoed one. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

/** Proof that the caller holds the app secret too; Meta requires it when the app has "Require App Secret" on. */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

@Injectable()
export class MetaGraphClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Throws MetaGraphError; its message never holds the token or the app secret. */
  async fetchLead(leadgenId: string, accessToken: string, appSecret: string): Promise<GraphLead> {
    const secrets = [accessToken, appSecret];
    const url = new URL(`${this.config.metaGraphUrl}/${this.config.metaGraphVersion}/${encodeURIComponent(leadgenId)}`);
    url.searchParams.set('fields', META_LEAD_FIELDS.join(','));
    url.searchParams.set('access_token', accessToken);
    url.searchParams.set('appsecret_proof', appSecretProof(accessToken, appSecret));

    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.config.metaFetchTimeoutMs) });
      text = await res.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: unknown } };
      const why =
        e.name === 'TimeoutError' || e.name === 'AbortError'
          ? `no answer within ${this.config.metaFetchTimeoutMs} ms`
          : `network error${typeof e.cause?.code === 'string' ? ` (${e.cause.code})` : ''}`;
      throw new MetaGraphError('transient', null, `Graph API unreachable: ${why}`);
    }

    let body: unknown;
    try {
      body = parseJsonWithStringIds(text);
    } catch {
      body = undefined;
    }
    const error = isRecord(body) && isRecord(body['error']) ? (body['error'] as GraphErrorBody) : undefined;
    if (!res.ok || error) {
      const kind = classifyGraphFailure(res.status, error);
      const code = typeof error?.code === 'number' ? error.code : null;
      const subcode = typeof error?.error_subcode === 'number' ? `/${error.error_subcode}` : '';
      const type = typeof error?.type === 'string' ? ` ${error.type}` : '';
      const said = typeof error?.message === 'string' ? `: ${error.message.slice(0, 300)}` : '';
      const head = code !== null ? `Graph API error ${code}${subcode}${type} (HTTP ${res.status})` : `Graph API answered HTTP ${res.status}`;
      throw new MetaGraphError(kind, code, redact(`${head}${said}`, secrets));
    }
    if (!isRecord(body)) throw new MetaGraphError('transient', null, `Graph API answered HTTP ${res.status} with a body that is not a JSON object`);
    return body as GraphLead;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
