/**
 * The live state of the campaign on screen, fed by the realtime connector (live/use-live.ts).
 *
 * Every message carries the campaign's `seq`. The store applies a message only when its seq is
 * exactly the next one: a seq at or below the last applied one is a duplicate (ignored); a seq
 * further ahead means messages were missed, so the store answers `gap` and waits for a fresh
 * snapshot (the connector re-subscribes). Messages that arrive while a snapshot is awaited are
 * kept and replayed on top of it, so none that the snapshot does not cover is lost.
 *
 * Chart-facing data (metrics, feed) sits in shallow refs and is replaced, never mutated: Vue
 * does not track deep into it and the chart gets a new object per update.
 */
import type {
  CampaignMetrics,
  MetricsMessage,
  OperatorMessage,
  OperatorView,
  SnapshotMessage,
  TransitionMessage,
  TransitionView,
} from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';

/** The feed keeps this many transitions, newest first. */
export const FEED_SIZE = 50;
/** At most this many messages are kept while a snapshot is awaited (the snapshot covers older ones). */
export const PENDING_LIMIT = 1000;

export type ApplyResult =
  /** applied in order */
  | 'applied'
  /** seq at or below the last applied: a duplicate or an old message */
  | 'stale'
  /** messages were missed: a fresh snapshot is needed */
  | 'gap'
  /** kept until the snapshot arrives */
  | 'buffered'
  /** for another campaign */
  | 'ignored';

export type LiveStatus = 'idle' | 'connecting' | 'live' | 'resyncing' | 'offline' | 'paused' | 'error';

export interface FeedEntry extends TransitionView {
  /** Unique within the page: a stable v-for key. */
  key: string;
  correction: boolean;
}

type Sequenced =
  | { kind: 'transition'; msg: TransitionMessage }
  | { kind: 'metrics'; msg: MetricsMessage }
  | { kind: 'operator'; msg: OperatorMessage };

function sameTransition(a: TransitionView, b: TransitionView): boolean {
  return a.eventId === b.eventId && a.leadId === b.leadId && a.to === b.to && a.from === b.from;
}

let feedKeys = 0;
function toFeedEntry(t: TransitionView, correction = false): FeedEntry {
  feedKeys += 1;
  return markRaw({ ...t, correction, key: `${feedKeys}:${t.eventId}:${t.to}` });
}

export const useCampaignLiveStore = defineStore('campaignLive', () => {
  const campaignId = ref<string | null>(null);
  const metrics = shallowRef<CampaignMetrics | null>(null);
  const feed = shallowRef<readonly FeedEntry[]>([]);
  const operators = shallowRef<ReadonlyMap<string, OperatorView>>(new Map());
  const lastSeq = ref<number | null>(null);
  const awaitingSnapshot = ref(true);
  /** Client time (ms) of the last snapshot or message applied: the data age shown on screen. */
  const receivedAt = ref<number | null>(null);
  const status = ref<LiveStatus>('idle');
  const statusDetail = ref<string | null>(null);
  let pending: Sequenced[] = [];

  function setStatus(next: LiveStatus, detail: string | null = null): void {
    status.value = next;
    statusDetail.value = detail;
  }

  /** Shows another campaign: everything of the previous one is dropped. */
  function select(id: string | null): void {
    campaignId.value = id;
    metrics.value = null;
    feed.value = [];
    operators.value = new Map();
    lastSeq.value = null;
    receivedAt.value = null;
    awaitingSnapshot.value = true;
    pending = [];
  }

  /** Called before (re-)subscribing: messages are held until the snapshot they follow. */
  function expectSnapshot(): void {
    awaitingSnapshot.value = true;
  }

  function touch(): void {
    receivedAt.value = Date.now();
  }

  function upsertOperator(op: OperatorView): void {
    const next = new Map(operators.value);
    next.set(op.operatorId, markRaw({ ...op }));
    operators.value = next;
  }

  function applyInOrder(item: Sequenced): void {
    switch (item.kind) {
      case 'transition':
        // a snapshot may already list a transition whose message follows it (its figures are
        // read after its seq): the feed shows it once
        if (!feed.value.some((e) => sameTransition(e, item.msg))) {
          feed.value = [toFeedEntry(item.msg, item.msg.correction), ...feed.value].slice(0, FEED_SIZE);
        }
        break;
      case 'metrics':
        metrics.value = markRaw(item.msg.metrics);
        break;
      case 'operator':
        upsertOperator(item.msg);
        break;
    }
    lastSeq.value = item.msg.seq;
    touch();
  }

  function hold(item: Sequenced): void {
    pending.push(item);
    if (pending.length > PENDING_LIMIT) pending.splice(0, pending.length - PENDING_LIMIT);
  }

  function sequenced(item: Sequenced): ApplyResult {
    if (item.msg.campaignId !== campaignId.value) return 'ignored';
    if (awaitingSnapshot.value || lastSeq.value === null) {
      hold(item);
      return 'buffered';
    }
    if (item.msg.seq <= lastSeq.value) return 'stale';
    if (item.msg.seq > lastSeq.value + 1) {
      awaitingSnapshot.value = true;
      hold(item);
      return 'gap';
    }
    applyInOrder(item);
    return 'applied';
  }

  /** Replaces everything with the snapshot, then replays the held messages that follow it. */
  function applySnapshot(msg: SnapshotMessage): ApplyResult {
    if (msg.campaignId !== campaignId.value) return 'ignored';
    metrics.value = msg.metrics ? markRaw(msg.metrics) : null;
    feed.value = (msg.recentTransitions ?? []).slice(0, FEED_SIZE).map((t) => toFeedEntry(t));
    operators.value = new Map((msg.operators ?? []).map((op) => [op.operatorId, markRaw({ ...op })]));
    lastSeq.value = msg.seq;
    awaitingSnapshot.value = false;
    touch();

    const held = pending.sort((a, b) => a.msg.seq - b.msg.seq);
    pending = [];
    for (let i = 0; i < held.length; i += 1) {
      const item = held[i];
      const last = lastSeq.value ?? msg.seq;
      if (item.msg.seq <= last) continue;
      if (item.msg.seq > last + 1) {
        awaitingSnapshot.value = true;
        pending = held.slice(i);
        return 'gap';
      }
      applyInOrder(item);
    }
    return 'applied';
  }

  const applyTransition = (msg: TransitionMessage) => sequenced({ kind: 'transition', msg });
  const applyMetrics = (msg: MetricsMessage) => sequenced({ kind: 'metrics', msg });

  /**
   * An operator's state. A message for the campaign is sequenced like the others; one without a
   * campaign (`campaignId: null`, a tenant-wide change) is upserted as is, its seq not being
   * this campaign's.
   */
  function applyOperator(msg: OperatorMessage): ApplyResult {
    if (msg.campaignId === null) {
      upsertOperator(msg);
      return 'applied';
    }
    return sequenced({ kind: 'operator', msg });
  }

  function operatorName(operatorId: string | null): string | null {
    if (!operatorId) return null;
    return operators.value.get(operatorId)?.name ?? operatorId;
  }

  return {
    campaignId,
    metrics,
    feed,
    operators,
    lastSeq,
    awaitingSnapshot,
    receivedAt,
    status,
    statusDetail,
    setStatus,
    select,
    expectSnapshot,
    applySnapshot,
    applyTransition,
    applyMetrics,
    applyOperator,
    operatorName,
  };
});
