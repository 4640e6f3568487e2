/**
 * The live state of the campaign on screen, fed by the realtime connector (live/use-live.ts).
 *
 * Every message carries the campaign's `seq`. The store applies messages strictly in seq order:
 * - a seq at or below the last applied one is a duplicate (ignored, `stale`);
 * - the next seq is applied, then any held messages that now follow in order (`applied`);
 * - a seq further ahead is held (`held`): with several workers and the API all allocating seqs,
 *   messages can cross on their way, so the connector gives the missing ones a short grace and
 *   asks for a fresh snapshot only when the hole is still there (`hasHole()` → `markGap()`);
 * - while a snapshot is awaited every message is held (`buffered`) and replayed on top of it.
 *
 * Rendering is decoupled from arrival: messages update plain (non-reactive) structures, and the
 * shallow refs the components read are replaced at most once per `batchMs` (a busy call center
 * sends hundreds of messages a second; the screen needs a few frames a second). That holds for the
 * data age too (`receivedAt`, `confirmedAt`): the page header shows it, so setting it on every
 * message re-rendered the page on every message. Chart-facing data is replaced, never mutated, and
 * kept out of deep reactivity (markRaw).
 */
import { PER_CALL_ALERT_RULES } from '@leadboard/contracts';
import type {
  AccountMessage,
  AlertMessage,
  AlertView,
  CampaignMetrics,
  MetricsMessage,
  OperatorMessage,
  OperatorView,
  ReassignedMessage,
  SnapshotMessage,
  TransitionMessage,
  TransitionView,
} from '@leadboard/contracts';
import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';

/** The feed keeps this many transitions, newest first. */
export const FEED_SIZE = 50;
/** The latest account stage changes kept, newest first. */
export const ACCOUNT_FEED_SIZE = 20;
/** At most this many messages are held (the snapshot covers older ones). */
export const PENDING_LIMIT = 1000;

export type ApplyResult =
  /** applied in order */
  | 'applied'
  /** seq at or below the last applied: a duplicate or an old message */
  | 'stale'
  /** ahead of the next seq: held until the missing ones arrive (or a snapshot replaces them) */
  | 'held'
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

/** An operator as shown, with the client time its load was read (time in state runs on from it). */
export interface LiveOperator extends OperatorView {
  receivedAt: number;
}

type Sequenced =
  | { kind: 'transition'; msg: TransitionMessage }
  | { kind: 'metrics'; msg: MetricsMessage }
  | { kind: 'operator'; msg: OperatorMessage }
  | { kind: 'alert'; msg: AlertMessage }
  | { kind: 'reassigned'; msg: ReassignedMessage }
  | { kind: 'account'; msg: AccountMessage };

function sameTransition(a: TransitionView, b: TransitionView): boolean {
  return a.eventId === b.eventId && a.leadId === b.leadId && a.to === b.to && a.from === b.from;
}

const PER_CALL_RULES: readonly string[] = PER_CALL_ALERT_RULES;

/** An alert that is over: resolved, or a per-call alert (dnc violation, lost lead called) once acknowledged (contracts/alerts.ts). */
export function alertIsOver(a: Pick<AlertView, 'state' | 'rule'>): boolean {
  return a.state === 'resolved' || (PER_CALL_RULES.includes(a.rule) && a.state === 'acknowledged');
}

const STATE_RANK = { raised: 0, acknowledged: 1, resolved: 2 } as const;

let feedKeys = 0;
function toFeedEntry(t: TransitionView, correction = false): FeedEntry {
  feedKeys += 1;
  return markRaw({ ...t, correction, key: `${feedKeys}:${t.eventId}:${t.to}` });
}

export const useCampaignLiveStore = defineStore('campaignLive', () => {
  const campaignId = ref<string | null>(null);
  const metrics = shallowRef<CampaignMetrics | null>(null);
  const feed = shallowRef<readonly FeedEntry[]>([]);
  const operators = shallowRef<ReadonlyMap<string, LiveOperator>>(new Map());
  /** Open alerts of the campaign (raised, or acknowledged and still holding), newest first. */
  const alerts = shallowRef<readonly AlertView[]>([]);
  /** B2B accounts that changed stage since the page opened, newest first (the counts are in `metrics.accounts`). */
  const accountChanges = shallowRef<readonly AccountMessage[]>([]);
  const lastSeq = ref<number | null>(null);
  const awaitingSnapshot = ref(true);
  /** Client time (ms) of the last snapshot or message applied. */
  const receivedAt = ref<number | null>(null);
  /**
   * Client time (ms) up to which the figures on screen are known to be current: the last message
   * applied, or the last heartbeat that found the connection live and the figures equal to the
   * server's (a quiet campaign sends nothing, and that is not staleness). The data age shown.
   */
  const confirmedAt = ref<number | null>(null);
  const status = ref<LiveStatus>('idle');
  const statusDetail = ref<string | null>(null);
  /** Snapshots applied since the page opened (a re-sync is one more). */
  const snapshots = ref(0);

  // the working state, published to the refs above at most once per batchMs
  let rawMetrics: CampaignMetrics | null = null;
  let rawFeed: FeedEntry[] = [];
  let rawOperators = new Map<string, LiveOperator>();
  let rawAlerts = new Map<string, AlertView>();
  let pending: Sequenced[] = [];
  let batchMs = 0;
  let publishTimer: ReturnType<typeof setTimeout> | null = null;
  const dirty = { metrics: false, feed: false, operators: false, alerts: false };
  /** Client time of the last message applied since the last publish (null: none). */
  let touchedAt: number | null = null;

  function setStatus(next: LiveStatus, detail: string | null = null): void {
    status.value = next;
    statusDetail.value = detail;
  }

  /** How often the screen takes the messages' changes; 0 = at once (tests). */
  function setBatchMs(ms: number): void {
    batchMs = Math.max(0, ms);
  }

  function publish(): void {
    if (publishTimer) clearTimeout(publishTimer);
    publishTimer = null;
    if (dirty.metrics) metrics.value = rawMetrics;
    if (dirty.feed) feed.value = rawFeed;
    if (dirty.operators) operators.value = new Map(rawOperators);
    if (dirty.alerts) alerts.value = sortedAlerts();
    dirty.metrics = dirty.feed = dirty.operators = dirty.alerts = false;
    if (touchedAt !== null) {
      receivedAt.value = touchedAt;
      if (confirmedAt.value === null || touchedAt > confirmedAt.value) confirmedAt.value = touchedAt;
      touchedAt = null;
    }
  }

  function schedulePublish(): void {
    if (batchMs === 0) return publish();
    if (!publishTimer) publishTimer = setTimeout(publish, batchMs);
  }

  function sortedAlerts(): AlertView[] {
    return [...rawAlerts.values()].sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : 0));
  }

  /** Shows another campaign: everything of the previous one is dropped. */
  function select(id: string | null): void {
    campaignId.value = id;
    rawMetrics = null;
    rawFeed = [];
    rawOperators = new Map();
    rawAlerts = new Map();
    pending = [];
    accountChanges.value = [];
    dirty.metrics = dirty.feed = dirty.operators = dirty.alerts = true;
    touchedAt = null;
    publish();
    lastSeq.value = null;
    receivedAt.value = null;
    confirmedAt.value = null;
    awaitingSnapshot.value = true;
  }

  /** Called before (re-)subscribing: messages are held until the snapshot they follow. */
  function expectSnapshot(): void {
    awaitingSnapshot.value = true;
  }

  /** A message was applied at `at`: the data age shows it with the next publish. */
  function touch(at = Date.now()): void {
    touchedAt = at;
  }

  /** A heartbeat found the connection live and the figures current as of `at` (client ms). */
  function confirm(at: number): void {
    if (confirmedAt.value === null || at > confirmedAt.value) confirmedAt.value = at;
  }

  function upsertOperator(op: OperatorView, at = Date.now()): void {
    const { campaignId: _c, seq: _s, ...view } = op as OperatorMessage;
    rawOperators.set(op.operatorId, markRaw({ ...view, receivedAt: at }));
    dirty.operators = true;
  }

  function upsertAlert(a: AlertView): void {
    const known = rawAlerts.get(a.id);
    if (known && STATE_RANK[known.state] > STATE_RANK[a.state]) return;
    const { seq: _s, ...view } = a as AlertMessage;
    if (alertIsOver(view)) rawAlerts.delete(a.id);
    else rawAlerts.set(a.id, markRaw(view));
    dirty.alerts = true;
  }

  function applyInOrder(item: Sequenced): void {
    switch (item.kind) {
      case 'transition':
        // a snapshot may already list a transition whose message follows it (its figures are
        // read after its seq): the feed shows it once
        if (!rawFeed.some((e) => sameTransition(e, item.msg))) {
          rawFeed = [toFeedEntry(item.msg, item.msg.correction), ...rawFeed];
          if (rawFeed.length > FEED_SIZE) rawFeed.length = FEED_SIZE;
          dirty.feed = true;
        }
        break;
      case 'metrics':
        rawMetrics = markRaw(item.msg.metrics);
        dirty.metrics = true;
        break;
      case 'operator':
        upsertOperator(item.msg);
        break;
      case 'alert':
        upsertAlert(item.msg);
        break;
      case 'reassigned':
        for (const op of item.msg.operators ?? []) upsertOperator(op);
        break;
      case 'account':
        accountChanges.value = [markRaw({ ...item.msg }), ...accountChanges.value].slice(0, ACCOUNT_FEED_SIZE);
        break;
    }
    lastSeq.value = item.msg.seq;
  }

  function hold(item: Sequenced): void {
    pending.push(item);
    if (pending.length > PENDING_LIMIT) {
      pending.sort((a, b) => a.msg.seq - b.msg.seq);
      pending.splice(0, pending.length - PENDING_LIMIT);
    }
  }

  /** Applies the held messages that follow the last applied seq, in order; drops older ones. */
  function drain(): void {
    if (pending.length === 0 || lastSeq.value === null) return;
    pending.sort((a, b) => a.msg.seq - b.msg.seq);
    let i = 0;
    for (; i < pending.length; i += 1) {
      const item = pending[i];
      const last = lastSeq.value;
      if (item.msg.seq <= last) continue;
      if (item.msg.seq > last + 1) break;
      applyInOrder(item);
    }
    pending = pending.slice(i);
  }

  function sequenced(item: Sequenced): ApplyResult {
    if (item.msg.campaignId !== campaignId.value) return 'ignored';
    if (awaitingSnapshot.value || lastSeq.value === null) {
      hold(item);
      return 'buffered';
    }
    if (item.msg.seq <= lastSeq.value) return 'stale';
    if (item.msg.seq > lastSeq.value + 1) {
      hold(item);
      return 'held';
    }
    applyInOrder(item);
    drain();
    touch();
    schedulePublish();
    return 'applied';
  }

  /** Messages are held beyond a missing seq (the connector waits a little, then re-syncs). */
  function hasHole(): boolean {
    return !awaitingSnapshot.value && pending.length > 0;
  }

  /** The hole did not fill: wait for a fresh snapshot (held messages are kept for the replay). */
  function markGap(): void {
    awaitingSnapshot.value = true;
  }

  /** Replaces everything with the snapshot, then replays the held messages that follow it. */
  function applySnapshot(msg: SnapshotMessage): ApplyResult {
    if (msg.campaignId !== campaignId.value) return 'ignored';
    const now = Date.now();
    rawMetrics = msg.metrics ? markRaw(msg.metrics) : null;
    rawFeed = (msg.recentTransitions ?? []).slice(0, FEED_SIZE).map((t) => toFeedEntry(t));
    rawOperators = new Map((msg.operators ?? []).map((op) => [op.operatorId, markRaw({ ...op, receivedAt: now })]));
    rawAlerts = new Map();
    for (const a of msg.alerts ?? []) if (!alertIsOver(a)) rawAlerts.set(a.id, markRaw({ ...a }));
    dirty.metrics = dirty.feed = dirty.operators = dirty.alerts = true;
    lastSeq.value = msg.seq;
    awaitingSnapshot.value = false;
    snapshots.value += 1;
    drain();
    touch(now);
    publish();
    return pending.length > 0 ? 'held' : 'applied';
  }

  const applyTransition = (msg: TransitionMessage) => sequenced({ kind: 'transition', msg });
  const applyMetrics = (msg: MetricsMessage) => sequenced({ kind: 'metrics', msg });
  const applyAlert = (msg: AlertMessage) => sequenced({ kind: 'alert', msg });
  const applyReassigned = (msg: ReassignedMessage) => sequenced({ kind: 'reassigned', msg });
  const applyAccount = (msg: AccountMessage) => sequenced({ kind: 'account', msg });

  /**
   * An operator's state. A message for the campaign is sequenced like the others; one without a
   * campaign (`campaignId: null`, a tenant-wide change) is upserted as is, its seq not being
   * this campaign's.
   */
  function applyOperator(msg: OperatorMessage): ApplyResult {
    if (msg.campaignId === null) {
      upsertOperator(msg);
      schedulePublish();
      return 'applied';
    }
    return sequenced({ kind: 'operator', msg });
  }

  /**
   * Operators read over REST (`GET /operators?campaignId=`, requested at `requestedAt`): each
   * replaces what is shown unless a live message about that operator arrived since the request.
   */
  function mergeOperators(list: readonly OperatorView[], requestedAt: number, forCampaign: string | null = campaignId.value): void {
    if (forCampaign !== campaignId.value || awaitingSnapshot.value) return;
    const now = Date.now();
    for (const op of list) {
      const known = rawOperators.get(op.operatorId);
      if (known && known.receivedAt > requestedAt) continue;
      rawOperators.set(op.operatorId, markRaw({ ...op, receivedAt: now }));
    }
    dirty.operators = true;
    // with the next batch, not at once: published on its own, a REST answer landing between two
    // batches re-rendered every tile in a frame of its own (one of the wall's longest frames)
    schedulePublish();
  }

  /** An alert acknowledged from this page: shown at once (the live message confirms it). */
  function alertAcknowledged(a: AlertView): void {
    if (a.campaignId !== campaignId.value) return;
    upsertAlert(a);
    publish();
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
    alerts,
    accountChanges,
    lastSeq,
    awaitingSnapshot,
    receivedAt,
    confirmedAt,
    status,
    statusDetail,
    snapshots,
    setStatus,
    setBatchMs,
    publish,
    select,
    expectSnapshot,
    confirm,
    hasHole,
    markGap,
    applySnapshot,
    applyTransition,
    applyMetrics,
    applyOperator,
    applyAlert,
    applyReassigned,
    applyAccount,
    mergeOperators,
    alertAcknowledged,
    operatorName,
  };
});
