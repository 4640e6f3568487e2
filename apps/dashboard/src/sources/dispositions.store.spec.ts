import type { PutDispositionRequestInput } from '@leadboard/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-client';
import { useSessionStore } from '../stores/session.store';
import { useDispositionsStore } from './dispositions.store';
import { createSourcesApi, setSourcesApi } from './sources-api';
import { dispositionTable, stubSourcesApi, unmapped } from './sources-fixtures';

describe('dispositions store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().enterWallToken('token');
  });
  afterEach(() => setSourcesApi(createSourcesApi()));

  it('maps an unmapped code for every campaign and reads the table again', async () => {
    const puts: [string, PutDispositionRequestInput][] = [];
    const dispositions = vi
      .fn()
      .mockResolvedValueOnce(dispositionTable([unmapped('PROMO'), unmapped('PROMO', { campaignId: 'c-solar' }), unmapped('VM2')]))
      .mockResolvedValueOnce(dispositionTable([unmapped('VM2')]));
    setSourcesApi(
      stubSourcesApi({
        dispositions,
        mapDisposition: async (_t, code, body) => {
          puts.push([code, body]);
          return { code, disposition: 'INTERESTED', campaignId: null, builtIn: false };
        },
      }),
    );
    const store = useDispositionsStore();
    await store.load();
    expect(store.unmapped.map((u) => [u.code, u.campaignId])).toEqual([
      ['PROMO', 'c-water'],
      ['PROMO', 'c-solar'],
      ['VM2', 'c-water'],
    ]);
    await expect(store.map(store.unmapped[0], 'INTERESTED', 'tenant')).resolves.toBe(true);
    expect(puts).toEqual([['PROMO', { disposition: 'INTERESTED', campaignId: null }]]);
    expect(store.unmapped.map((u) => u.code)).toEqual(['VM2']);
    expect(store.lastOutcome).toMatchObject({ code: 'PROMO', ok: true });
  });

  it('maps a code for its campaign only', async () => {
    const puts: PutDispositionRequestInput[] = [];
    setSourcesApi(
      stubSourcesApi({
        dispositions: async () => dispositionTable([unmapped('PROMO', { campaignId: 'c-solar' })]),
        mapDisposition: async (_t, code, body) => {
          puts.push(body);
          return { code, disposition: 'SALE', campaignId: 'c-solar', builtIn: false };
        },
      }),
    );
    const store = useDispositionsStore();
    await store.load();
    await store.map(store.unmapped[0], 'SALE', 'campaign');
    expect(puts).toEqual([{ disposition: 'SALE', campaignId: 'c-solar' }]);
  });

  it('keeps the code listed and says why when the mapping is refused', async () => {
    setSourcesApi(
      stubSourcesApi({
        dispositions: async () => dispositionTable([unmapped('PROMO')]),
        mapDisposition: async () => Promise.reject(new ApiError(403, 'requires role admin or manager')),
      }),
    );
    const store = useDispositionsStore();
    await store.load();
    await expect(store.map(store.unmapped[0], 'SALE', 'tenant')).resolves.toBe(false);
    expect(store.unmapped).toHaveLength(1);
    expect(store.lastOutcome).toEqual({ code: 'PROMO', ok: false, error: 'requires role admin or manager' });
    expect(store.pending.size).toBe(0);
  });
});
