/**
 * The heartbeat behind the data age. The server pushes only when something changes, so silence on
 * a connected socket is normal; what must never happen is silence because the connection died
 * quietly or a message was lost. Every `intervalMs` while the tab is visible and the live status
 * is `live`, the campaign's metrics are read over REST:
 *
 * - figures equal to the ones on screen: the screen is confirmed current as of the request
 *   (`store.confirm`), which keeps the data age low on a quiet campaign;
 * - figures different while no live message arrived from the first such heartbeat to the next one
 *   (the server pushes metrics within ~0.3 s of a change, so seconds of silence with different
 *   figures mean the socket is not delivering): `onDiverged` asks for a fresh snapshot. Figures
 *   that differ while messages flow are only in transit;
 * - no answer: nothing is confirmed, so the data age grows until the stale state shows.
 *
 * Nothing is confirmed while the socket is down, re-syncing or paused: the age then only grows.
 */
import type { CampaignMetrics } from '@leadboard/contracts';
import { apiClient } from '../api/api-client';
import { useCampaignLiveStore } from '../stores/campaign-live.store';
import { useSessionStore } from '../stores/session.store';
import { usePoll, type Poll } from './use-poll';

export const HEARTBEAT_MS = 4_000;
/** Mismatches in a row before a re-sync. */
export const MISMATCHES_BEFORE_RESYNC = 2;

/** The figures a heartbeat compares: the stage distribution and the funnel. */
export function sameFigures(a: CampaignMetrics | null, b: CampaignMetrics | null): boolean {
  if (!a || !b) return a === b;
  for (const k of Object.keys(a.stages) as (keyof CampaignMetrics['stages'])[]) if (a.stages[k] !== b.stages[k]) return false;
  for (const k of Object.keys(a.funnel) as (keyof CampaignMetrics['funnel'])[]) if (a.funnel[k] !== b.funnel[k]) return false;
  return true;
}

export function useHeartbeat(opts: { onDiverged: () => void; intervalMs?: number }): Poll {
  const store = useCampaignLiveStore();
  const session = useSessionStore();
  let mismatches = 0;
  let seqAtMismatch: number | null = null;

  return usePoll(
    async () => {
      const campaignId = store.campaignId;
      if (!campaignId || store.status !== 'live' || store.awaitingSnapshot) {
        mismatches = 0;
        return;
      }
      const sentAt = Date.now();
      const seqAtSend = store.lastSeq;
      const server = await session.authorized((t) => apiClient().metrics(t, campaignId));
      if (store.campaignId !== campaignId || store.status !== 'live' || store.awaitingSnapshot) return;
      store.publish();
      if (sameFigures(server, store.metrics)) {
        mismatches = 0;
        store.confirm(sentAt);
        return;
      }
      if (store.lastSeq !== seqAtSend || (mismatches > 0 && store.lastSeq !== seqAtMismatch)) {
        // messages are flowing: the difference is in transit, and they confirm themselves
        mismatches = 0;
        return;
      }
      mismatches += 1;
      seqAtMismatch = store.lastSeq;
      if (mismatches >= MISMATCHES_BEFORE_RESYNC) {
        mismatches = 0;
        opts.onDiverged();
      }
    },
    opts.intervalMs ?? HEARTBEAT_MS,
    { immediate: false },
  );
}
