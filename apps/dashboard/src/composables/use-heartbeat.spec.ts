import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { createApiClient, setApiClient, type ApiClient } from '../api/api-client';
import { useCampaignLiveStore } from '../stores/campaign-live.store';
import { useSessionStore } from '../stores/session.store';
import { metrics, snapshot, transition } from '../test-fixtures';
import { HEARTBEAT_MS, sameFigures, useHeartbeat } from './use-heartbeat';

describe('heartbeat', () => {
  let serverMetrics = metrics();
  let onDiverged: ReturnType<typeof vi.fn<() => void>>;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z') });
    setActivePinia(createPinia());
    sessionStorage.clear();
    useSessionStore().enterWallToken('lbw_x');
    serverMetrics = metrics();
    setApiClient({ ...createApiClient(), metrics: vi.fn(async () => serverMetrics) } as ApiClient);
    onDiverged = vi.fn<() => void>();
  });
  afterEach(() => {
    setApiClient(createApiClient());
    vi.useRealTimers();
  });

  function start() {
    const store = useCampaignLiveStore();
    store.select('c-water');
    store.applySnapshot(snapshot(5));
    store.setStatus('live');
    const scope = effectScope();
    scope.run(() => useHeartbeat({ onDiverged }));
    return { store, scope };
  }

  it('compares the stage distribution and the funnel', () => {
    expect(sameFigures(metrics(), metrics({ asOf: 'later' }))).toBe(true);
    expect(sameFigures(metrics(), metrics({ stages: { ...metrics().stages, lost: 99 } }))).toBe(false);
    expect(sameFigures(null, null)).toBe(true);
  });

  it('keeps a quiet but connected screen fresh: equal figures confirm it', async () => {
    const { store, scope } = start();
    const first = store.confirmedAt!;
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 3 + 10);
    expect(store.confirmedAt!).toBeGreaterThan(first + HEARTBEAT_MS * 2);
    expect(onDiverged).not.toHaveBeenCalled();
    scope.stop();
  });

  it('confirms nothing while the socket is down', async () => {
    const { store, scope } = start();
    store.setStatus('offline');
    const first = store.confirmedAt;
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS * 3 + 10);
    expect(store.confirmedAt).toBe(first);
    scope.stop();
  });

  it('asks for a fresh snapshot when the figures differ and nothing arrives', async () => {
    const { store, scope } = start();
    serverMetrics = metrics({ funnel: { ...metrics().funnel, new: 99 } });
    const first = store.confirmedAt;
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS + 10);
    expect(onDiverged).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    expect(onDiverged).toHaveBeenCalledTimes(1);
    expect(store.confirmedAt).toBe(first);
    scope.stop();
  });

  it('takes a difference while messages flow as in transit', async () => {
    const { store, scope } = start();
    serverMetrics = metrics({ funnel: { ...metrics().funnel, new: 99 } });
    for (let i = 0; i < 4; i += 1) {
      store.applyTransition(transition(6 + i));
      await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    }
    expect(onDiverged).not.toHaveBeenCalled();
    scope.stop();
  });
});
