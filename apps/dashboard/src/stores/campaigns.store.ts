/** The campaigns the caller may see (GET /api/v1/campaigns) and the one on screen. */
import type { CampaignSummary } from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { apiClient } from '../api/api-client';
import { useSessionStore } from './session.store';

export const useCampaignsStore = defineStore('campaigns', () => {
  const list = shallowRef<readonly CampaignSummary[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const selectedId = ref<string | null>(null);

  const selected = computed(() => list.value.find((c) => c.campaignId === selectedId.value) ?? null);

  async function load(): Promise<void> {
    const session = useSessionStore();
    try {
      list.value = await session.authorized((t) => apiClient().campaigns(t));
      error.value = null;
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
    } finally {
      loaded.value = true;
    }
  }

  /** Keeps the wanted campaign when it exists, else the first one (auto-pick), else none. */
  function select(wanted: string | null | undefined): string | null {
    const match = wanted ? list.value.find((c) => c.campaignId === wanted) : undefined;
    selectedId.value = match?.campaignId ?? list.value[0]?.campaignId ?? null;
    return selectedId.value;
  }

  function reset(): void {
    list.value = [];
    loaded.value = false;
    error.value = null;
    selectedId.value = null;
  }

  return { list, loaded, error, selectedId, selected, load, select, reset };
});
