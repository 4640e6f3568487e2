/**
 * The REST calls the dashboard makes (contract.md, "Authentication" and "Read API"). Same-origin
 * paths: Vite's dev server and `vite preview` proxy `/api` and `/health` to the API.
 */
import type {
  AlertListState,
  AlertView,
  CampaignMetrics,
  CampaignSummary,
  Contribution,
  ContributionWindow,
  LeadDetail,
  LeadPage,
  LoginRequest,
  LoginResponse,
  OperatorView,
  Stage,
  StageAging,
  TimeSeries,
  WhoAmI,
} from '@leadboard/contracts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The refusal's JSON body, when there was one (e.g. the leads a reassignment refusal names). */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 401: missing, wrong or expired credentials (a user token or a wall-screen token). */
export class UnauthorizedError extends ApiError {
  constructor(message = 'unauthorized') {
    super(401, message);
    this.name = 'UnauthorizedError';
  }
}

type Fetch = typeof fetch;

/** A REST call that takes longer than this is a failure (a heartbeat must not hang). */
export const REQUEST_TIMEOUT_MS = 8_000;

export type RequestMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RequestOptions {
  method?: RequestMethod;
  token?: string | null;
  /** A JSON body. */
  body?: unknown;
  /** A body sent as it is (a file): `FormData` sets its own content type; otherwise give one. */
  raw?: { data: Blob | FormData | string; contentType?: string };
  /** How the answer is read: JSON (default), text, or a Blob (a file to download). */
  as?: 'json' | 'text' | 'blob';
  /** Longer than `REQUEST_TIMEOUT_MS` for uploads. */
  timeoutMs?: number;
}

/**
 * The one fetch wrapper of the dashboard: token, JSON (or a raw body, a text or Blob answer),
 * timeout, 401 → UnauthorizedError, else ApiError with the body; a 204 answers `undefined`.
 */
export async function request<T>(fetchFn: Fetch, path: string, init: RequestOptions = {}): Promise<T> {
  const as = init.as ?? 'json';
  const headers: Record<string, string> = { Accept: as === 'json' ? 'application/json' : '*/*' };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body: BodyInit | undefined;
  if (init.raw) {
    body = init.raw.data;
    if (init.raw.contentType) headers['Content-Type'] = init.raw.contentType;
  } else if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  const controller = typeof AbortController === 'undefined' ? null : new AbortController();
  const timer = controller ? setTimeout(() => controller.abort(), init.timeoutMs ?? REQUEST_TIMEOUT_MS) : null;
  try {
    const res = await fetchFn(path, {
      method: init.method ?? 'GET',
      headers,
      body,
      signal: controller?.signal,
      cache: 'no-store',
    });
    if (res.status === 401) throw new UnauthorizedError();
    if (!res.ok) {
      // not JSON: keep the status line
      const errorBody = (await res.json().catch(() => null)) as { message?: unknown } | null;
      const m = errorBody?.message;
      const message = typeof m === 'string' ? m : Array.isArray(m) ? m.join('; ') : `${res.status} ${res.statusText}`;
      throw new ApiError(res.status, message, errorBody);
    }
    if (res.status === 204) return undefined as T;
    if (as === 'text') return (await res.text()) as T;
    if (as === 'blob') return (await res.blob()) as T;
    return (await res.json()) as T;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export type { LeadListItem, LeadPage } from '@leadboard/contracts';

export interface LeadQuery {
  stage?: Stage;
  owner?: string;
  cursor?: string;
  limit?: number;
}

export interface ApiClient {
  login(credentials: LoginRequest): Promise<LoginResponse>;
  whoAmI(token: string): Promise<WhoAmI>;
  campaigns(token: string): Promise<CampaignSummary[]>;
  metrics(token: string, campaignId: string): Promise<CampaignMetrics>;
  operators(token: string, campaignId: string): Promise<OperatorView[]>;
  alerts(token: string, query: { state?: AlertListState; campaignId?: string }): Promise<AlertView[]>;
  acknowledgeAlert(token: string, alertId: string): Promise<AlertView>;
  timeSeries(token: string, campaignId: string, hours: number, stepMinutes: number): Promise<TimeSeries>;
  stageAging(token: string, campaignId: string): Promise<StageAging>;
  leads(token: string, campaignId: string, query: LeadQuery): Promise<LeadPage>;
  lead(token: string, leadId: string): Promise<LeadDetail>;
  contribution(token: string, campaignId: string, window: ContributionWindow): Promise<Contribution>;
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const seg = encodeURIComponent;

export function createApiClient(fetchFn: Fetch = (...args) => fetch(...args)): ApiClient {
  return {
    login: (credentials) => request(fetchFn, '/api/v1/auth/login', { method: 'POST', body: credentials }),
    whoAmI: (token) => request(fetchFn, '/api/v1/me', { token }),
    campaigns: (token) => request(fetchFn, '/api/v1/campaigns', { token }),
    metrics: (token, id) => request(fetchFn, `/api/v1/campaigns/${seg(id)}/metrics`, { token }),
    operators: (token, id) => request(fetchFn, `/api/v1/operators${query({ campaignId: id })}`, { token }),
    alerts: (token, q) => request(fetchFn, `/api/v1/alerts${query({ state: q.state, campaignId: q.campaignId })}`, { token }),
    acknowledgeAlert: (token, id) => request(fetchFn, `/api/v1/alerts/${seg(id)}/ack`, { method: 'POST', token }),
    timeSeries: (token, id, hours, step) =>
      request(fetchFn, `/api/v1/campaigns/${seg(id)}/timeseries${query({ hours, step })}`, { token }),
    stageAging: (token, id) => request(fetchFn, `/api/v1/campaigns/${seg(id)}/stage-aging`, { token }),
    leads: (token, id, q) =>
      request(fetchFn, `/api/v1/campaigns/${seg(id)}/leads${query({ stage: q.stage, owner: q.owner, cursor: q.cursor, limit: q.limit })}`, { token }),
    lead: (token, id) => request(fetchFn, `/api/v1/leads/${seg(id)}`, { token }),
    contribution: (token, id, window) => request(fetchFn, `/api/v1/campaigns/${seg(id)}/contribution${query({ window })}`, { token }),
  };
}

/** The client the stores use; tests replace it with `setApiClient`. */
let client: ApiClient = createApiClient();

export function apiClient(): ApiClient {
  return client;
}

export function setApiClient(next: ApiClient): void {
  client = next;
}
