/**
 * What the live channel says about hot-lead queues: a `queue` message (a target change, the freshness
 * schedule) bumps the campaign's version, and every queue on screen reads itself again (use-hot-lead-queue.ts).
 * Changes brought by events ride on `metrics`, which the composable watches too.
 */
import type { QueueChangedMessage } from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useHotLeadsStore = defineStore('hot-leads', () => {
  const versions = ref<Record<string, number>>({});

  function queueChanged(msg: QueueChangedMessage): void {
    versions.value = { ...versions.value, [msg.campaignId]: (versions.value[msg.campaignId] ?? 0) + 1 };
  }

  const versionOf = (campaignId: string | null) => (campaignId ? (versions.value[campaignId] ?? 0) : 0);

  return { versions, queueChanged, versionOf };
});
