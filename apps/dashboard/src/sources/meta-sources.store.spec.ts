import type { MetaSourceCreateInput } from '@leadboard/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-client';
import { useSessionStore } from '../stores/session.store';
import { useMetaSourcesStore } from './meta-sources.store';
import { createSourcesApi, setSourcesApi } from './sources-api';
import { metaSource, stubSourcesApi } from './sources-fixtures';

const tokenError = { code: 190, message: 'Error validating access token: Session has expired', at: '2026-11-30T07:00:00.000Z' };

describe('meta sources store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    useSessionStore().enterWallToken('token');
  });
  afterEach(() => setSourcesApi(createSourcesApi()));

  it('lists the sources and singles out those whose page token Meta refuses', async () => {
    setSourcesApi(stubSourcesApi({ metaSources: async () => ({ sources: [metaSource('m-1'), metaSource('m-2', { tokenError })] }) }));
    const store = useMetaSourcesStore();
    await store.load();
    expect(store.list.map((s) => s.id)).toEqual(['m-1', 'm-2']);
    expect(store.tokenErrors.map((s) => s.id)).toEqual(['m-2']);
  });

  it('adds a source and keeps its webhook URL and verify token on screen', async () => {
    const bodies: MetaSourceCreateInput[] = [];
    const metaSources = vi.fn().mockResolvedValueOnce({ sources: [] }).mockResolvedValueOnce({ sources: [metaSource('m-1')] });
    setSourcesApi(
      stubSourcesApi({
        metaSources,
        createMetaSource: async (_t, body) => {
          bodies.push(body);
          return { id: 'm-1', webhookUrl: 'https://x/api/v1/integrations/meta/m-1/webhook', verifyToken: 'generated-token-1' };
        },
      }),
    );
    const store = useMetaSourcesStore();
    await store.load();
    const input = { name: 'Pagina Acqua', appSecret: 's3cret', pageAccessToken: 'EAAB', defaultCampaignId: 'c-water' };
    await expect(store.create(input)).resolves.toBe(true);
    expect(bodies).toEqual([input]);
    expect(store.created?.verifyToken).toBe('generated-token-1');
    expect(store.list.map((s) => s.id)).toEqual(['m-1']);
    store.dismissCreated();
    expect(store.created).toBeNull();
  });

  it('says why a source could not be added', async () => {
    setSourcesApi(stubSourcesApi({ createMetaSource: async () => Promise.reject(new ApiError(400, 'invalid request')) }));
    const store = useMetaSourcesStore();
    await expect(store.create({ name: 'x', appSecret: 's', pageAccessToken: 't', defaultCampaignId: 'c' })).resolves.toBe(false);
    expect(store.createError).toBe('invalid request');
    expect(store.creating).toBe(false);
  });

  it('replaces a refused page token, and removes a source', async () => {
    setSourcesApi(
      stubSourcesApi({
        metaSources: async () => ({ sources: [metaSource('m-1', { tokenError }), metaSource('m-2')] }),
        patchMetaSource: async (_t, id, body) => {
          expect(body).toEqual({ pageAccessToken: 'EAAnew' });
          return metaSource(id);
        },
        deleteMetaSource: async () => undefined,
      }),
    );
    const store = useMetaSourcesStore();
    await store.load();
    await expect(store.replaceToken('m-1', ' EAAnew ')).resolves.toBe(true);
    expect(store.tokenErrors).toEqual([]);
    await expect(store.remove('m-2')).resolves.toBe(true);
    expect(store.list.map((s) => s.id)).toEqual(['m-1']);
  });

  it('keeps a source whose removal failed, with the reason beside it', async () => {
    setSourcesApi(
      stubSourcesApi({
        metaSources: async () => ({ sources: [metaSource('m-1')] }),
        deleteMetaSource: async () => Promise.reject(new ApiError(500, 'Internal Server Error')),
      }),
    );
    const store = useMetaSourcesStore();
    await store.load();
    await expect(store.remove('m-1')).resolves.toBe(false);
    expect(store.list).toHaveLength(1);
    expect(store.itemErrors).toEqual({ 'm-1': 'Internal Server Error' });
  });
});
