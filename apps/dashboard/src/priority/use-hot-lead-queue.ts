/**
 * A campaign's hot-lead queue, kept current: read at once, when a `queue` message says it was reordered,
 * when the campaign's metrics move (events changed leads; at most once per `minGapMs`), and every
 * `pollMs` besides (waits grow and freshness decays with no message at all).
 */
import type { QueueResponse } from '@leadboard/contracts';
import { shallowRef, watch, type Ref } from 'vue';
import { usePoll } from '../composables/use-poll';
import { useCampaignLiveStore } from '../stores/campaign-live.store';
import { useSessionStore } from '../stores/session.store';
import { throttle } from '../util/throttle';
import { useHotLeadsStore } from './hot-leads.store';
import { priorityApi } from './priority-api';

export interface HotLeadQueue {
  queue: Ref<QueueResponse | null>;
  error: Ref<string | null>;
  refresh(): Promise<void>;
}

export function useHotLeadQueue(campaignId: () => string | null, limit: number, opts: { pollMs?: number; minGapMs?: number } = {}): HotLeadQueue {
  const session = useSessionStore();
  const live = useCampaignLiveStore();
  const hot = useHotLeadsStore();
  const queue = shallowRef<QueueResponse | null>(null);
  const error = shallowRef<string | null>(null);

  async function refresh(): Promise<void> {
    const id = campaignId();
    if (!id) {
      queue.value = null;
      return;
    }
    try {
      const q = await session.authorized((tok) => priorityApi().queue(tok, id, limit));
      if (campaignId() === id) queue.value = q;
      error.value = null;
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
    }
  }

  const soon = throttle(() => void refresh(), opts.minGapMs ?? 2_000);
  watch(campaignId, () => void refresh());
  watch(() => hot.versionOf(campaignId()), () => void refresh());
  watch(() => live.metrics, () => soon());
  usePoll(refresh, opts.pollMs ?? 15_000);
  return { queue, error, refresh };
}

/** "12 min" from an instant: the wait shown on screens (seconds under a minute, hours from two). */
export function waitParts(since: string | null, nowMs: number): { unit: 'seconds' | 'minutes' | 'hours'; n: number } | null {
  if (!since) return null;
  const s = Math.max(0, Math.floor((nowMs - Date.parse(since)) / 1000));
  if (s < 60) return { unit: 'seconds', n: s };
  if (s < 7200) return { unit: 'minutes', n: Math.floor(s / 60) };
  return { unit: 'hours', n: Math.floor(s / 3600) };
}
