/**
 * The REST calls the dashboard makes (contract.md, "Authentication" and "Read API"). Same-origin
 * paths: Vite's dev server and `vite preview` proxy `/api` to the API.
 */
import type { CampaignSummary, LoginRequest, LoginResponse, WhoAmI } from '@leadboard/contracts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
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

async function request<T>(
  fetchFn: Fetch,
  path: string,
  init: { method?: 'GET' | 'POST'; token?: string | null; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetchFn(path, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (res.status === 401) throw new UnauthorizedError();
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(res.status, message);
  }
  return (await res.json()) as T;
}

export interface ApiClient {
  login(credentials: LoginRequest): Promise<LoginResponse>;
  whoAmI(token: string): Promise<WhoAmI>;
  campaigns(token: string): Promise<CampaignSummary[]>;
}

export function createApiClient(fetchFn: Fetch = (...args) => fetch(...args)): ApiClient {
  return {
    login: (credentials) => request(fetchFn, '/api/v1/auth/login', { method: 'POST', body: credentials }),
    whoAmI: (token) => request(fetchFn, '/api/v1/me', { token }),
    campaigns: (token) => request(fetchFn, '/api/v1/campaigns', { token }),
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
