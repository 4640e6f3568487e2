import { describe, expect, it, vi } from 'vitest';
import { ApiError, UnauthorizedError } from '../api/api-client';
import { ReassignRefusedError, createManagerApi } from './manager-api';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('manager API client', () => {
  it('posts a reassignment with the bearer token', async () => {
    const fetchFn = vi.fn(async () => json(200, { moved: 2, alreadyOwned: 0, warnings: [] }));
    const api = createManagerApi(fetchFn);
    const body = { leadIds: ['L-1', 'L-2'], toOperatorId: 'op-marco', reason: 'r', expectedOwners: { 'L-1': null } };
    await expect(api.reassign('tok', body)).resolves.toEqual({ moved: 2, alreadyOwned: 0, warnings: [] });
    const [path, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/v1/leads/reassign');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(JSON.parse(String(init.body))).toEqual(body);
  });

  it('keeps a refusal whole: the 409 names the leads and their owners now', async () => {
    const refusal = { statusCode: 409, error: 'Conflict', code: 'owner_changed', message: 'm', leadIds: ['L-2'], currentOwners: { 'L-2': 'op-anna' } };
    const api = createManagerApi(async () => json(409, refusal));
    const err = await api.reassign('tok', { leadIds: ['L-2'], toOperatorId: 'op-marco', reason: 'r' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReassignRefusedError);
    expect((err as ReassignRefusedError).status).toBe(409);
    expect((err as ReassignRefusedError).refusal).toEqual(refusal);
  });

  it('gives a 403 as an ApiError and a 401 as UnauthorizedError', async () => {
    const forbidden = createManagerApi(async () => json(403, { statusCode: 403, message: 'role supervisor may not do this', error: 'Forbidden' }));
    const err = await forbidden.suggestions('tok', 'c-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).not.toBeInstanceOf(ReassignRefusedError);
    expect((err as ApiError).status).toBe(403);
    expect((err as ApiError).message).toBe('role supervisor may not do this');
    const expired = createManagerApi(async () => json(401, {}));
    await expect(expired.audit('tok', { campaignId: 'c-1' })).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('builds the read paths', async () => {
    const fetchFn = vi.fn(async () => json(200, {}));
    const api = createManagerApi(fetchFn);
    await api.audit('t', { campaignId: 'c 1', limit: 50 });
    await api.suggestions('t', 'c/1');
    await api.callbacks('t', 'c-1');
    await api.patchOperator('t', 'op-1', { seniority: 'senior' });
    const calls = fetchFn.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map((c) => c[0])).toEqual([
      '/api/v1/audit?campaignId=c+1&limit=50',
      '/api/v1/campaigns/c%2F1/reassignment-suggestions',
      '/api/v1/campaigns/c-1/callbacks',
      '/api/v1/operators/op-1',
    ]);
    expect(calls[3][1].method).toBe('PATCH');
  });
});
