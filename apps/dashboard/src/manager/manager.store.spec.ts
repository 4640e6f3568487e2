import type { ReassignRequestInput } from '@leadboard/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, setApiClient, type ApiClient, type LeadQuery } from '../api/api-client';
import { useSessionStore } from '../stores/session.store';
import { ReassignRefusedError, createManagerApi, setManagerApi, type ManagerApi } from './manager-api';
import { lead, reassigned, suggestion, suggestions } from './manager-fixtures';
import { useManagerStore } from './manager.store';

function fakeApis(pages: Record<string, { items: ReturnType<typeof lead>[]; nextCursor: string | null }[]>) {
  const leadCalls: LeadQuery[] = [];
  const api = {
    ...createApiClient(async () => new Response('{}')),
    leads: vi.fn(async (_t: string, _c: string, q: LeadQuery) => {
      leadCalls.push(q);
      const list = pages[q.stage ?? ''] ?? [{ items: [], nextCursor: null }];
      const index = q.cursor ? Number(q.cursor.split(':')[1]) : 0;
      return list[index] ?? { items: [], nextCursor: null };
    }),
  } satisfies ApiClient;
  const manager: ManagerApi & { [K in keyof ManagerApi]: ReturnType<typeof vi.fn> } = {
    reassign: vi.fn(async (_t: string, body: ReassignRequestInput) => ({ moved: body.leadIds.length, alreadyOwned: 0, warnings: [] })),
    suggestions: vi.fn(async () => suggestions([])),
    audit: vi.fn(async () => []),
    callbacks: vi.fn(async () => ({ campaignId: 'c-water', asOf: '', scheduled: 1, due: 2, inPool: 0, releasedToday: 0, releasedTotal: 0, releaseAfterSeconds: 900 })),
    patchOperator: vi.fn(),
  } as never;
  setApiClient(api);
  setManagerApi(manager);
  return { api, manager, leadCalls };
}

const twoProspects = {
  prospect: [{ items: [lead('L-1'), lead('L-2')], nextCursor: null }],
  opportunity: [{ items: [lead('L-9', 'opportunity', 'op-anna')], nextCursor: null }],
};

describe('manager store', () => {
  let store: ReturnType<typeof useManagerStore>;

  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().enterWallToken('token');
    store = useManagerStore();
    store.setRefreshDelayMs(0);
  });

  afterEach(() => {
    setApiClient(createApiClient());
    setManagerApi(createManagerApi());
    vi.useRealTimers();
  });

  it('reads the campaign: prospects and opportunities, suggestions, audit, callbacks', async () => {
    const { manager } = fakeApis(twoProspects);
    store.select('c-water');
    await store.refresh();
    expect([...store.leads.keys()].sort()).toEqual(['L-1', 'L-2', 'L-9']);
    expect(store.leadsStatus).toBe('ready');
    expect(store.suggestions?.policy.seniorCap).toBe(25);
    expect(store.callbacks?.due).toBe(2);
    expect(manager.audit).toHaveBeenCalledWith('token', { campaignId: 'c-water', limit: 50 });
  });

  it('loads more pages, and a refresh reads as many pages again', async () => {
    const { leadCalls } = fakeApis({
      prospect: [
        { items: [lead('L-1')], nextCursor: 'p:1' },
        { items: [lead('L-2')], nextCursor: null },
      ],
    });
    store.select('c-water');
    await store.refresh();
    expect([...store.leads.keys()]).toEqual(['L-1']);
    expect(store.hasMore).toBe(true);
    await store.loadMore();
    expect([...store.leads.keys()].sort()).toEqual(['L-1', 'L-2']);
    expect(store.hasMore).toBe(false);
    leadCalls.length = 0;
    await store.refresh();
    expect(leadCalls.filter((q) => q.stage === 'prospect').map((q) => q.cursor)).toEqual([undefined, 'p:1']);
    expect(store.leads.size).toBe(2);
  });

  it('moves the selection with the owners on screen, then reads again', async () => {
    const { manager } = fakeApis(twoProspects);
    store.select('c-water');
    await store.refresh();
    store.toggle('L-1');
    store.selectMany(['L-2', 'L-9']);
    store.toggle('L-9', false);
    expect(store.selectedCount).toBe(2);

    const outcome = await store.moveSelection('op-marco', 'to a closer');
    expect(manager.reassign).toHaveBeenCalledWith('token', {
      leadIds: ['L-1', 'L-2'],
      toOperatorId: 'op-marco',
      reason: 'to a closer',
      expectedOwners: { 'L-1': 'op-jr', 'L-2': 'op-jr' },
    });
    expect(outcome).toMatchObject({ kind: 'moved', moved: 2, toOperatorId: 'op-marco', stages: ['prospect'], source: 'selection' });
    expect(store.selectedCount).toBe(0);
    expect(store.outcomes[0]).toBe(outcome);
    expect(manager.suggestions).toHaveBeenCalledTimes(2);
  });

  it('keeps the junior-target warning of a move', async () => {
    const { manager } = fakeApis(twoProspects);
    const warning = { code: 'junior_target' as const, message: 'm', messageKey: 'reassignment.warning.juniorTarget', params: { count: 1, to: 'Luca' }, leadIds: ['L-1'] };
    manager.reassign.mockResolvedValueOnce({ moved: 1, alreadyOwned: 0, warnings: [warning] });
    store.select('c-water');
    await store.refresh();
    const outcome = await store.moveDropped(['L-1'], 'op-luca', 'why');
    expect(outcome).toMatchObject({ kind: 'moved', source: 'drop', warnings: [warning] });
  });

  it('on a 409 moves nothing, shows who owns the changed leads now, and reads everything again', async () => {
    const { manager, api } = fakeApis(twoProspects);
    store.select('c-water');
    await store.refresh();
    store.selectMany(['L-1', 'L-2']);
    manager.reassign.mockRejectedValueOnce(
      new ReassignRefusedError({
        statusCode: 409,
        error: 'Conflict',
        code: 'owner_changed',
        message: '1 lead changed owner since you looked: L-2 (now op-anna); nothing was moved, refresh and try again',
        leadIds: ['L-2'],
        currentOwners: { 'L-2': 'op-anna' },
      }),
    );
    const leadReads = api.leads.mock.calls.length;
    const outcome = await store.moveSelection('op-marco', 'why');
    expect(outcome).toMatchObject({ kind: 'refused', code: 'owner_changed', leadIds: ['L-2'], currentOwners: { 'L-2': 'op-anna' } });
    expect(store.leads.get('L-2')?.ownerOperatorId).toBe('op-jr'); // the fake API still says op-jr: the refresh replaced it
    expect(api.leads.mock.calls.length).toBeGreaterThan(leadReads);
    // the selection stays, so the manager can check and move again
    expect(store.selectedCount).toBe(2);
  });

  it('shows the 409 owners at once, before the refresh answers', async () => {
    const { manager, api } = fakeApis(twoProspects);
    store.select('c-water');
    await store.refresh();
    const pending: (() => void)[] = [];
    api.leads.mockImplementation(() => new Promise((resolve) => pending.push(() => resolve({ items: [], nextCursor: null }))));
    manager.reassign.mockRejectedValueOnce(
      new ReassignRefusedError({ statusCode: 409, error: 'Conflict', code: 'owner_changed', message: 'm', leadIds: ['L-1'], currentOwners: { 'L-1': 'op-anna' } }),
    );
    const done = store.moveDropped(['L-1'], 'op-marco', 'why');
    await vi.waitFor(() => expect(store.leads.get('L-1')?.ownerOperatorId).toBe('op-anna'));
    await vi.waitFor(() => expect(pending.length).toBe(2));
    for (const release of pending) release();
    await done;
  });

  it('records a supervisor’s 403 as forbidden and stops asking for suggestions', async () => {
    const { manager } = fakeApis(twoProspects);
    manager.suggestions.mockRejectedValue(new ApiError(403, 'forbidden'));
    store.select('c-water');
    await store.refresh();
    expect(store.forbidden).toBe(true);
    manager.reassign.mockRejectedValueOnce(new ApiError(403, 'forbidden'));
    const outcome = await store.moveDropped(['L-1'], 'op-marco', 'why');
    expect(outcome).toMatchObject({ kind: 'refused', code: 'forbidden' });
    expect(manager.suggestions).toHaveBeenCalledTimes(1);
  });

  it('applies a suggestion as proposed, with the owners it saw, and drops it from the list', async () => {
    const { manager } = fakeApis(twoProspects);
    const s = suggestion('junior_owner:recent:prospect:op-marco', ['L-1', 'L-2']);
    manager.suggestions.mockResolvedValueOnce(suggestions([s]));
    store.select('c-water');
    await store.refresh();
    const outcome = await store.applySuggestion(s.id, '2 prospect → Marco');
    expect(manager.reassign).toHaveBeenCalledWith('token', {
      leadIds: ['L-1', 'L-2'],
      toOperatorId: 'op-marco',
      reason: '2 prospect → Marco',
      expectedOwners: { 'L-1': 'op-jr', 'L-2': 'op-jr' },
    });
    expect(outcome).toMatchObject({ kind: 'moved', source: 'suggestion' });
    expect(store.suggestions?.suggestions).toEqual([]);
  });

  it('applies all suggestions in order, one refused not stopping the others, then reads once', async () => {
    const { manager } = fakeApis(twoProspects);
    const a = suggestion('a', ['L-1']);
    const b = suggestion('b', ['L-2'], 'op-anna');
    const c = suggestion('c', ['L-9'], 'op-marco', { stage: 'opportunity' });
    manager.suggestions.mockResolvedValueOnce(suggestions([a, b, c]));
    store.select('c-water');
    await store.refresh();
    manager.reassign
      .mockResolvedValueOnce({ moved: 1, alreadyOwned: 0, warnings: [] })
      .mockRejectedValueOnce(new ReassignRefusedError({ statusCode: 422, error: 'Unprocessable Entity', code: 'offline_operator', message: 'offline', leadIds: [], operatorId: 'op-anna' }))
      .mockResolvedValueOnce({ moved: 1, alreadyOwned: 0, warnings: [] });
    const readsBefore = manager.suggestions.mock.calls.length;
    const done = await store.applyAll((id) => `reason ${id}`);
    expect(done.map((o) => o.kind)).toEqual(['moved', 'refused', 'moved']);
    expect(manager.reassign.mock.calls.map((call) => (call[1] as ReassignRequestInput).reason)).toEqual(['reason a', 'reason b', 'reason c']);
    expect(manager.suggestions.mock.calls.length - readsBefore).toBe(1);
    expect(store.outcomes.map((o) => o.kind)).toEqual(['moved', 'refused', 'moved']);
    expect(store.moving).toBe(false);
  });

  it('takes a live move at once and reads the lists again', async () => {
    const { api } = fakeApis(twoProspects);
    store.select('c-water');
    await store.refresh();
    api.leads.mockClear();
    store.applyReassigned(reassigned(7, ['L-1']));
    expect(store.leads.get('L-1')).toMatchObject({ ownerOperatorId: 'op-marco', updatedAt: '2026-11-23T09:30:00Z' });
    await vi.waitFor(() => expect(api.leads).toHaveBeenCalled());
    // another campaign's message changes nothing
    store.applyReassigned(reassigned(8, ['L-2'], 'op-x', 'c-other'));
    expect(store.leads.get('L-2')?.ownerOperatorId).toBe('op-jr');
  });

  it('gathers a burst of live messages into one read', async () => {
    vi.useFakeTimers();
    const { manager } = fakeApis(twoProspects);
    store.select('c-water');
    await store.refresh();
    store.setRefreshDelayMs(400);
    manager.suggestions.mockClear();
    store.operatorChanged('c-water');
    store.operatorChanged(null);
    store.applyReassigned(reassigned(9, ['L-1']));
    store.operatorChanged('c-other');
    expect(manager.suggestions).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(450);
    expect(manager.suggestions).toHaveBeenCalledTimes(1);
  });

  it('drops the answers of a campaign no longer on screen', async () => {
    const { api } = fakeApis(twoProspects);
    let release: () => void = () => undefined;
    api.leads.mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve({ items: [lead('L-old')], nextCursor: null }))));
    store.select('c-water');
    const first = store.refreshLeads();
    store.select('c-other');
    release();
    await first;
    expect(store.leads.has('L-old')).toBe(false);
    expect(store.campaignId).toBe('c-other');
  });
});
