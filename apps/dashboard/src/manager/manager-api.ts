/**
 * The managers' REST calls (contract.md, "Read API": reassign, audit, reassignment-suggestions,
 * callbacks, PATCH operators). The shared client (api/api-client.ts) keeps only a refusal's message;
 * a reassignment refusal carries more — which leads, their owners now — so it is kept whole here as
 * a `ReassignRefusedError`. Errors are the shared client's classes, so `session.authorized` ends the
 * session on a 401 as everywhere else.
 */
import type {
  AuditEntry,
  CallbackSummary,
  OperatorPatch,
  OperatorView,
  ReassignError,
  ReassignRequestInput,
  ReassignResponse,
  ReassignmentSuggestions,
} from '@leadboard/contracts';
import { ApiError, REQUEST_TIMEOUT_MS, UnauthorizedError } from '../api/api-client';

/** 404 / 409 / 422 of `POST /leads/reassign`: nothing was moved; the body says why and which leads. */
export class ReassignRefusedError extends ApiError {
  constructor(readonly refusal: ReassignError) {
    super(refusal.statusCode, refusal.message);
    this.name = 'ReassignRefusedError';
  }
}

export interface ManagerApi {
  reassign(token: string, body: ReassignRequestInput): Promise<ReassignResponse>;
  suggestions(token: string, campaignId: string): Promise<ReassignmentSuggestions>;
  audit(token: string, query: { campaignId?: string; leadId?: string; limit?: number }): Promise<AuditEntry[]>;
  callbacks(token: string, campaignId: string): Promise<CallbackSummary>;
  patchOperator(token: string, operatorId: string, patch: OperatorPatch): Promise<OperatorView>;
}

type Fetch = typeof fetch;

function isReassignError(body: unknown): body is ReassignError {
  const b = body as Partial<ReassignError> | null;
  return !!b && typeof b.code === 'string' && typeof b.message === 'string' && Array.isArray(b.leadIds);
}

async function call<T>(fetchFn: Fetch, path: string, token: string, init: { method?: 'GET' | 'POST' | 'PATCH'; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const controller = typeof AbortController === 'undefined' ? null : new AbortController();
  const timer = controller ? setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS) : null;
  try {
    const res = await fetchFn(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: controller?.signal,
      cache: 'no-store',
    });
    if (res.status === 401) throw new UnauthorizedError();
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as unknown;
      if (isReassignError(body) && (res.status === 404 || res.status === 409 || res.status === 422)) {
        throw new ReassignRefusedError({ ...body, statusCode: res.status });
      }
      const message = (body as { message?: unknown } | null)?.message;
      throw new ApiError(res.status, typeof message === 'string' ? message : Array.isArray(message) ? message.join('; ') : `${res.status} ${res.statusText}`);
    }
    return (await res.json()) as T;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const seg = encodeURIComponent;

export function createManagerApi(fetchFn: Fetch = (...args) => fetch(...args)): ManagerApi {
  return {
    reassign: (token, body) => call(fetchFn, '/api/v1/leads/reassign', token, { method: 'POST', body }),
    suggestions: (token, id) => call(fetchFn, `/api/v1/campaigns/${seg(id)}/reassignment-suggestions`, token),
    audit: (token, q) => call(fetchFn, `/api/v1/audit${query({ campaignId: q.campaignId, leadId: q.leadId, limit: q.limit })}`, token),
    callbacks: (token, id) => call(fetchFn, `/api/v1/campaigns/${seg(id)}/callbacks`, token),
    patchOperator: (token, id, patch) => call(fetchFn, `/api/v1/operators/${seg(id)}`, token, { method: 'PATCH', body: patch }),
  };
}

let api: ManagerApi = createManagerApi();

export function managerApi(): ManagerApi {
  return api;
}

/** Tests replace the client. */
export function setManagerApi(next: ManagerApi): void {
  api = next;
}
