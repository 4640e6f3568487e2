/**
 * The tenant's Meta Lead Ads sources (`/api/v1/integrations/meta/sources`): listed with their
 * health (a refused page token first of all), added (the answer carries the webhook URL and the
 * verify token to paste into Meta's app dashboard), given a new page token, removed.
 */
import type { MetaSourceCreateInput, MetaSourceCreated, MetaSourceItem } from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useSessionStore } from '../stores/session.store';
import { sourcesApi } from './sources-api';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const useMetaSourcesStore = defineStore('metaSources', () => {
  const list = shallowRef<readonly MetaSourceItem[]>([]);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<string | null>(null);
  const creating = ref(false);
  const createError = ref<string | null>(null);
  /** The source just added: its webhook URL and verify token stay on screen to be pasted. */
  const created = shallowRef<MetaSourceCreated | null>(null);
  /** Sources being changed (new token) or removed. */
  const busy = shallowRef<ReadonlySet<string>>(new Set());
  const itemErrors = shallowRef<Readonly<Record<string, string>>>({});

  /** Sources whose page token Meta refuses: no lead arrives until it is replaced. */
  const tokenErrors = computed(() => list.value.filter((s) => s.tokenError));

  const session = () => useSessionStore();

  async function load(): Promise<void> {
    if (status.value !== 'ready') status.value = 'loading';
    try {
      list.value = (await session().authorized((t) => sourcesApi().metaSources(t))).sources;
      status.value = 'ready';
      error.value = null;
    } catch (err) {
      status.value = 'error';
      error.value = errorText(err);
    }
  }

  async function create(input: MetaSourceCreateInput): Promise<boolean> {
    creating.value = true;
    createError.value = null;
    try {
      created.value = await session().authorized((t) => sourcesApi().createMetaSource(t, input));
      await load();
      return true;
    } catch (err) {
      createError.value = errorText(err);
      return false;
    } finally {
      creating.value = false;
    }
  }

  async function withBusy(id: string, work: () => Promise<void>): Promise<boolean> {
    if (busy.value.has(id)) return false;
    busy.value = new Set([...busy.value, id]);
    const { [id]: _previous, ...others } = itemErrors.value;
    itemErrors.value = others;
    try {
      await work();
      return true;
    } catch (err) {
      itemErrors.value = { ...itemErrors.value, [id]: errorText(err) };
      return false;
    } finally {
      const next = new Set(busy.value);
      next.delete(id);
      busy.value = next;
    }
  }

  /** A new page access token (it clears the source's token error). */
  function replaceToken(id: string, pageAccessToken: string): Promise<boolean> {
    return withBusy(id, async () => {
      const item = await session().authorized((t) => sourcesApi().patchMetaSource(t, id, { pageAccessToken: pageAccessToken.trim() }));
      list.value = list.value.map((s) => (s.id === id ? item : s));
    });
  }

  function remove(id: string): Promise<boolean> {
    return withBusy(id, async () => {
      await session().authorized((t) => sourcesApi().deleteMetaSource(t, id));
      list.value = list.value.filter((s) => s.id !== id);
      if (created.value?.id === id) created.value = null;
    });
  }

  function dismissCreated(): void {
    created.value = null;
  }

  return { list, status, error, creating, createError, created, busy, itemErrors, tokenErrors, load, create, replaceToken, remove, dismissCreated };
});
