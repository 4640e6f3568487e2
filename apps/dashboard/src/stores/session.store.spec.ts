import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UnauthorizedError, createApiClient, setApiClient, type ApiClient } from '../api/api-client';
import { SESSION_STORAGE_KEY, useSessionStore } from './session.store';

const me = { kind: 'user' as const, tenantId: 't1', tenantName: 'Acqua Srl', role: 'supervisor' as const, email: 'a@b.it', campaignIds: null };

function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    login: vi.fn(async () => ({ accessToken: 'tok-1', expiresAt: '2999-01-01T00:00:00Z', role: 'supervisor' as const, tenantId: 't1' })),
    whoAmI: vi.fn(async () => me),
    campaigns: vi.fn(async () => []),
    metrics: vi.fn(async () => Promise.reject(new Error('not used'))),
    operators: vi.fn(async () => []),
    alerts: vi.fn(async () => []),
    acknowledgeAlert: vi.fn(async () => Promise.reject(new Error('not used'))),
    timeSeries: vi.fn(async () => Promise.reject(new Error('not used'))),
    stageAging: vi.fn(async () => Promise.reject(new Error('not used'))),
    leads: vi.fn(async () => ({ items: [], nextCursor: null })),
    lead: vi.fn(async () => Promise.reject(new Error('not used'))),
    contribution: vi.fn(async () => Promise.reject(new Error('not used'))),
    ...overrides,
  };
}

describe('session store', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
  });
  afterEach(() => setApiClient(createApiClient()));

  it('logs in and keeps the token in sessionStorage', async () => {
    const api = fakeApi();
    setApiClient(api);
    const session = useSessionStore();
    await session.login(' Maria@Example.IT ', 'secret');
    expect(api.login).toHaveBeenCalledWith({ email: 'maria@example.it', password: 'secret' });
    expect(session.token).toBe('tok-1');
    expect(session.kind).toBe('user');
    expect(JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY)!)).toMatchObject({ token: 'tok-1', kind: 'user' });

    // a reload finds it again
    setActivePinia(createPinia());
    expect(useSessionStore().token).toBe('tok-1');
  });

  it('drops an expired stored token', () => {
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ token: 'old', kind: 'user', expiresAt: '2000-01-01T00:00:00Z' }));
    expect(useSessionStore().token).toBeNull();
  });

  it('uses a wall token as is, with no login', async () => {
    const api = fakeApi({ whoAmI: vi.fn(async () => ({ ...me, kind: 'wall' as const, role: 'wall' as const, email: null })) });
    setApiClient(api);
    const session = useSessionStore();
    session.enterWallToken('wall-abc');
    expect(session.isWall).toBe(true);
    await session.loadWhoAmI();
    expect(api.whoAmI).toHaveBeenCalledWith('wall-abc');
    expect(api.login).not.toHaveBeenCalled();
  });

  it('ends the session on a 401 and says why', async () => {
    setApiClient(fakeApi({ whoAmI: vi.fn(async () => Promise.reject(new UnauthorizedError())) }));
    const session = useSessionStore();
    session.enterWallToken('wall-revoked');
    await expect(session.loadWhoAmI()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(session.token).toBeNull();
    expect(session.endReason).toBe('wallRefused');
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('sends the bearer token and maps 401 in the API client', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ message: 'no' }), { status: 401 }));
    const api = createApiClient(fetchFn as unknown as typeof fetch);
    await expect(api.campaigns('tok-9')).rejects.toBeInstanceOf(UnauthorizedError);
    const [path, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/v1/campaigns');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok-9');
  });
});
