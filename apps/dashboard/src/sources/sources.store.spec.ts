import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-client';
import { useSessionStore } from '../stores/session.store';
import { createSourcesApi, setSourcesApi } from './sources-api';
import { health, sourcesView, stubSourcesApi } from './sources-fixtures';
import { useSourcesStore } from './sources.store';

describe('sources store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().enterWallToken('token');
  });
  afterEach(() => setSourcesApi(createSourcesApi()));

  it('reads each source’s figures; a Meta source by its id', async () => {
    const view = sourcesView([health('api', { eventsToday: 4 }), health('vicidial'), health('meta', { id: 'm-1', name: 'Pagina Acqua', eventsToday: 2 }), health('csv')]);
    setSourcesApi(stubSourcesApi({ sources: async () => view }));
    const store = useSourcesStore();
    await store.refresh();
    expect(store.status).toBe('ready');
    expect(store.single('api')?.eventsToday).toBe(4);
    expect(store.meta('m-1')?.name).toBe('Pagina Acqua');
    expect(store.meta('m-2')).toBeNull();
  });

  it('keeps the last figures when a read fails, and says so', async () => {
    const sources = vi.fn().mockResolvedValueOnce(sourcesView()).mockRejectedValueOnce(new ApiError(503, 'Service Unavailable'));
    setSourcesApi(stubSourcesApi({ sources }));
    const store = useSourcesStore();
    await store.refresh();
    await store.refresh();
    expect(store.status).toBe('error');
    expect(store.error).toBe('Service Unavailable');
    expect(store.single('vicidial')).not.toBeNull();
  });

  it('knows when the page is not for the caller (403)', async () => {
    setSourcesApi(stubSourcesApi({ sources: async () => Promise.reject(new ApiError(403, 'requires role admin')) }));
    const store = useSourcesStore();
    await store.refresh();
    expect(store.forbidden).toBe(true);
  });

  it('sends a test event, then reads the figures again so the event shows', async () => {
    const result = { kind: 'vicidial' as const, eventId: 'vicidial:dispo:x', campaignId: 'leadboard-test', leadId: 'leadboard-test-1', disposition: 'NA', queuedAt: '2026-11-30T09:00:00.000Z' };
    const sources = vi.fn().mockResolvedValueOnce(sourcesView()).mockResolvedValueOnce(sourcesView([health('api'), health('vicidial', { eventsToday: 1 }), health('csv')]));
    setSourcesApi(stubSourcesApi({ sources, testEvent: async () => result }));
    const store = useSourcesStore();
    await store.refresh();
    const sending = store.sendTestEvent('vicidial');
    expect(store.testing.has('vicidial')).toBe(true);
    await sending;
    expect(store.testing.size).toBe(0);
    expect(store.testOutcomes.vicidial).toEqual({ ok: true, result });
    expect(store.single('vicidial')?.eventsToday).toBe(1);
  });

  it('shows why a test event was refused', async () => {
    setSourcesApi(stubSourcesApi({ testEvent: async () => Promise.reject(new ApiError(503, 'the event queue is unavailable')) }));
    const store = useSourcesStore();
    await store.sendTestEvent('api');
    expect(store.testOutcomes.api).toEqual({ ok: false, error: 'the event queue is unavailable' });
  });
});
