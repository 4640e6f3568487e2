/**
 * The managers' REST calls (contract.md, "Read API": reassign, audit, reassignment-suggestions,
 * callbacks, PATCH operators), through the shared client's `request`. A reassignment refusal carries
 * more than a message — which leads, their owners now — so it is turned into a `ReassignRefusedError`;
 * other errors stay the shared client's classes, so `session.authorized` ends the session on a 401.
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
import { ApiError, request } from '../api/api-client';

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
  try {
    return await request<T>(fetchFn, path, { ...init, token });
  } catch (err) {
    const status = err instanceof ApiError ? err.status : 0;
    if ((status === 404 || status === 409 || status === 422) && err instanceof ApiError && isReassignError(err.body)) {
      throw new ReassignRefusedError({ ...err.body, statusCode: status });
    }
    throw err;
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
