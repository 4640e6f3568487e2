/**
 * What each source of events did (`GET /api/v1/sources`): the HTTP API, VICIdial, each Meta source,
 * CSV imports — last event, events today, latest errors; and the test events sent from the page
 * (`POST /sources/test-event`), after which the summary is read again to show the event arrived.
 */
import type { SourceHealthView, SourceKind, SourceTestEventResult, SourcesView, TestEventKind } from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { ApiError } from '../api/api-client';
import { useSessionStore } from '../stores/session.store';
import { sourcesApi } from './sources-api';

export type TestEventOutcome = { ok: true; result: SourceTestEventResult } | { ok: false; error: string };

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export const useSourcesStore = defineStore('sources', () => {
  const view = shallowRef<SourcesView | null>(null);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<string | null>(null);
  /** The API said this page is not for the caller (403: not an admin). */
  const forbidden = ref(false);
  /** Kinds whose test event is being sent. */
  const testing = shallowRef<ReadonlySet<TestEventKind>>(new Set());
  const testOutcomes = shallowRef<Partial<Record<TestEventKind, TestEventOutcome>>>({});

  const session = () => useSessionStore();

  async function refresh(): Promise<void> {
    if (!view.value) status.value = 'loading';
    try {
      view.value = await session().authorized((t) => sourcesApi().sources(t));
      status.value = 'ready';
      error.value = null;
    } catch (err) {
      status.value = 'error';
      error.value = errorText(err);
      forbidden.value = err instanceof ApiError && err.status === 403;
    }
  }

  /** The tenant's single source of a kind (api, vicidial, csv); null before the first read. */
  function single(kind: Exclude<SourceKind, 'meta'>): SourceHealthView | null {
    return view.value?.sources.find((s) => s.kind === kind) ?? null;
  }

  /** A Meta source's figures (none yet: null). */
  function meta(id: string): SourceHealthView | null {
    return view.value?.sources.find((s) => s.kind === 'meta' && s.id === id) ?? null;
  }

  async function sendTestEvent(kind: TestEventKind): Promise<void> {
    if (testing.value.has(kind)) return;
    testing.value = new Set([...testing.value, kind]);
    try {
      const result = await session().authorized((t) => sourcesApi().testEvent(t, kind));
      testOutcomes.value = { ...testOutcomes.value, [kind]: { ok: true, result } };
      await refresh();
    } catch (err) {
      testOutcomes.value = { ...testOutcomes.value, [kind]: { ok: false, error: errorText(err) } };
    } finally {
      const next = new Set(testing.value);
      next.delete(kind);
      testing.value = next;
    }
  }

  return { view, status, error, forbidden, testing, testOutcomes, refresh, single, meta, sendTestEvent };
});
