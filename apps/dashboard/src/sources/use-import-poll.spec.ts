import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { useSessionStore } from '../stores/session.store';
import { useImportsStore } from './imports.store';
import { createSourcesApi, setSourcesApi } from './sources-api';
import { importSummary, importView, stubSourcesApi } from './sources-fixtures';
import { useImportPoll } from './use-import-poll';

describe('useImportPoll', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().enterWallToken('token');
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    setSourcesApi(createSourcesApi());
  });

  it('reads a running import no live message speaks of, and stops once it is done', async () => {
    const importViewCall = vi
      .fn()
      .mockResolvedValueOnce(importView({ id: 'imp-1', state: 'running', rowsRead: 10 }))
      .mockResolvedValueOnce(importView({ id: 'imp-1', state: 'running', rowsRead: 50 }))
      .mockResolvedValue(importView({ id: 'imp-1', state: 'done', rowsRead: 80, rowsAccepted: 80 }));
    setSourcesApi(stubSourcesApi({ importView: importViewCall }));
    const imports = useImportsStore();
    await imports.show('imp-1');
    const scope = effectScope();
    scope.run(() => useImportPoll({ intervalMs: 1_000, quietMs: 3_000 }));

    await vi.advanceTimersByTimeAsync(2_000);
    expect(importViewCall).toHaveBeenCalledTimes(1); // heard of 2 s ago: not yet
    await vi.advanceTimersByTimeAsync(1_000);
    expect(importViewCall).toHaveBeenCalledTimes(2);
    expect(imports.current?.view.rowsRead).toBe(50);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(imports.current?.view.state).toBe('done');
    const calls = importViewCall.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(importViewCall).toHaveBeenCalledTimes(calls);
    scope.stop();
  });

  it('leaves alone an import whose live messages keep coming', async () => {
    const importViewCall = vi.fn().mockResolvedValue(importView({ id: 'imp-1', state: 'running', rowsRead: 1 }));
    setSourcesApi(stubSourcesApi({ importView: importViewCall }));
    const imports = useImportsStore();
    await imports.show('imp-1');
    const scope = effectScope();
    scope.run(() => useImportPoll({ intervalMs: 1_000, quietMs: 3_000 }));
    for (let i = 2; i <= 8; i++) {
      imports.applyProgress(importSummary({ id: 'imp-1', state: 'running', rowsRead: i * 10 }));
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(importViewCall).toHaveBeenCalledTimes(1);
    expect(imports.current?.view.rowsRead).toBe(80);
    scope.stop();
  });
});
