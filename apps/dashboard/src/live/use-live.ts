/**
 * The one realtime connector: a socket.io client on the `/live` namespace whose messages become
 * actions of the campaign-live store.
 *
 * - On every connect (the first one and each reconnect) it subscribes to the campaign on
 *   screen; the server answers with a snapshot, then sequenced messages.
 * - A message ahead of the next `seq` is held by the store; if the missing ones have not come
 *   within `gapGraceMs` (messages from several workers can cross), it subscribes again to get a
 *   fresh snapshot. A heartbeat that finds the figures diverged does the same (`resync()`).
 * - A handshake refused with 'unauthorized' ends the session (back to login).
 * - A tab hidden for a while disconnects; showing it reconnects and so re-syncs.
 * - With `tenantFeed` it also follows the tenant's stream (`subscribe {tenant: true}`, on every
 *   connect): the Sources page's CSV import progress (`import` → the imports store).
 */
import {
  LIVE_NAMESPACE,
  type LiveClientEvents,
  type LiveServerEvents,
  type SubscribeAck,
} from '@leadboard/contracts';
import { io, type Socket } from 'socket.io-client';
import { getCurrentScope, onScopeDispose, watch, type WatchSource } from 'vue';
import { useHotLeadsStore } from '../priority/hot-leads.store';
import { useImportsStore } from '../sources/imports.store';
import { useCampaignLiveStore, type ApplyResult } from '../stores/campaign-live.store';

export type LiveSocket = Socket<LiveServerEvents, LiveClientEvents>;

export interface UseLiveOptions {
  /** The token of the handshake, read at each (re)connection. */
  token: () => string | null;
  /** The campaign on screen; null while none is picked. */
  campaignId: WatchSource<string | null>;
  /** The server refused the token. */
  onUnauthorized: () => void;
  /** Replaced in tests. */
  createSocket?: (auth: (cb: (data: object) => void) => void) => LiveSocket;
  /** How long a hidden tab keeps the connection. */
  hiddenGraceMs?: number;
  subscribeTimeoutMs?: number;
  /** Minimum time between two re-syncs, so a flood of gaps costs one snapshot. */
  minResyncIntervalMs?: number;
  /** Delay before reconnecting when socket.io will not do it by itself. */
  retryDelayMs?: number;
  /** How long held messages wait for the missing seqs before a fresh snapshot is asked for. */
  gapGraceMs?: number;
  /** Also follow the tenant's stream (imports' progress); the snapshots it brings of other campaigns are ignored. */
  tenantFeed?: boolean;
}

export interface LiveConnection {
  /** Drops the connection and opens a new one (a new token, a manual retry). */
  reconnect(): void;
  /** Asks for a fresh snapshot of the campaign on screen (the figures may have diverged). */
  resync(): void;
  stop(): void;
}

export const UNAUTHORIZED = 'unauthorized';

function defaultSocket(auth: (cb: (data: object) => void) => void): LiveSocket {
  return io(LIVE_NAMESPACE, { auth, transports: ['websocket'] });
}

export function useLive(options: UseLiveOptions): LiveConnection {
  const store = useCampaignLiveStore();
  const imports = useImportsStore();
  const hotLeads = useHotLeadsStore();
  const hiddenGraceMs = options.hiddenGraceMs ?? 60_000;
  const subscribeTimeoutMs = options.subscribeTimeoutMs ?? 10_000;
  const minResyncIntervalMs = options.minResyncIntervalMs ?? 1_000;
  const retryDelayMs = options.retryDelayMs ?? 3_000;
  const gapGraceMs = options.gapGraceMs ?? 1_500;

  let socket: LiveSocket | null = null;
  let campaignId: string | null = null;
  let subscription = 0;
  let lastSubscribeAt = -Infinity;
  let stopped = false;
  let pausedWhileHidden = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let resyncTimer: ReturnType<typeof setTimeout> | null = null;
  let hiddenTimer: ReturnType<typeof setTimeout> | null = null;
  let gapTimer: ReturnType<typeof setTimeout> | null = null;

  function later(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
    const id = setTimeout(() => {
      timers.delete(id);
      fn();
    }, ms);
    timers.add(id);
    return id;
  }

  function subscribe(): void {
    const id = campaignId;
    const s = socket;
    if (!id || !s?.connected) return;
    const attempt = ++subscription;
    lastSubscribeAt = Date.now();
    store.expectSnapshot();
    store.setStatus(store.lastSeq === null ? 'connecting' : 'resyncing');
    s.timeout(subscribeTimeoutMs).emit('subscribe', { campaignId: id }, (err: Error | null, ack?: SubscribeAck) => {
      if (attempt !== subscription || stopped) return;
      if (err || !ack) {
        // no answer in time: ask again while the connection holds
        if (socket === s && s.connected) later(subscribe, retryDelayMs);
        return;
      }
      if (!ack.ok) {
        if (ack.error === UNAUTHORIZED) return unauthorized();
        store.setStatus('error', ack.error);
      }
      // ok: the snapshot comes as its own message and sets the status to live
    });
  }

  function subscribeTenant(): void {
    const s = socket;
    if (!options.tenantFeed || !s?.connected) return;
    s.timeout(subscribeTimeoutMs).emit('subscribe', { tenant: true }, (err: Error | null, ack?: SubscribeAck) => {
      if (stopped || socket !== s) return;
      if (err || !ack) {
        if (s.connected) later(subscribeTenant, retryDelayMs);
        return;
      }
      if (!ack.ok && ack.error === UNAUTHORIZED) unauthorized();
    });
  }

  function resync(): void {
    if (resyncTimer || stopped) return;
    store.markGap();
    const wait = Math.max(0, lastSubscribeAt + minResyncIntervalMs - Date.now());
    resyncTimer = later(() => {
      resyncTimer = null;
      subscribe();
    }, wait);
  }

  function handle(result: ApplyResult): void {
    if (result === 'held' && !gapTimer) {
      if (gapGraceMs === 0) return resync();
      gapTimer = later(() => {
        gapTimer = null;
        if (store.hasHole()) resync();
      }, gapGraceMs);
    }
  }

  function unauthorized(): void {
    stop();
    options.onUnauthorized();
  }

  function open(): void {
    const s = (options.createSocket ?? defaultSocket)((cb) => cb({ token: options.token() ?? '' }));
    socket = s;
    store.setStatus('connecting');

    s.on('connect', () => {
      if (socket !== s) return;
      subscribeTenant();
      if (campaignId) subscribe();
      else store.setStatus('idle');
    });
    s.on('disconnect', (reason) => {
      if (socket !== s) return;
      if (pausedWhileHidden) return store.setStatus('paused');
      store.setStatus('offline');
      // socket.io reconnects by itself except when the server or the client closed the socket
      if (reason === 'io server disconnect') later(() => socket === s && !stopped && s.connect(), retryDelayMs);
    });
    s.on('connect_error', (err) => {
      if (socket !== s) return;
      if (err.message === UNAUTHORIZED) return unauthorized();
      store.setStatus('offline', err.message);
      // refused by a server middleware: socket.io does not retry on its own
      if (!s.active) later(() => socket === s && !stopped && !s.connected && s.connect(), retryDelayMs);
    });

    s.on('snapshot', (msg) => {
      const result = store.applySnapshot(msg);
      if (result !== 'ignored') store.setStatus('live');
      handle(result);
    });
    s.on('transition', (msg) => handle(store.applyTransition(msg)));
    s.on('metrics', (msg) => handle(store.applyMetrics(msg)));
    s.on('operator', (msg) => handle(store.applyOperator(msg)));
    s.on('alert', (msg) => handle(store.applyAlert(msg)));
    s.on('reassigned', (msg) => handle(store.applyReassigned(msg)));
    s.on('account', (msg) => handle(store.applyAccount(msg)));
    s.on('import', (msg) => imports.applyProgress(msg));
    s.on('queue', (msg) => hotLeads.queueChanged(msg));
  }

  function close(): void {
    const s = socket;
    socket = null;
    if (!s) return;
    s.removeAllListeners();
    s.disconnect();
  }

  function clearTimers(): void {
    for (const id of timers) clearTimeout(id);
    timers.clear();
    resyncTimer = null;
    gapTimer = null;
    if (hiddenTimer) clearTimeout(hiddenTimer);
    hiddenTimer = null;
  }

  function onVisibilityChange(): void {
    if (document.visibilityState === 'hidden') {
      if (hiddenTimer || !socket) return;
      hiddenTimer = setTimeout(() => {
        hiddenTimer = null;
        pausedWhileHidden = true;
        socket?.disconnect();
        store.setStatus('paused');
      }, hiddenGraceMs);
    } else {
      if (hiddenTimer) clearTimeout(hiddenTimer);
      hiddenTimer = null;
      if (pausedWhileHidden) {
        pausedWhileHidden = false;
        store.setStatus('connecting');
        socket?.connect();
      }
    }
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    stopWatch();
    clearTimers();
    close();
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibilityChange);
    store.setStatus('idle');
  }

  function reconnect(): void {
    if (stopped) return;
    clearTimers();
    close();
    open();
  }

  const stopWatch = watch(
    options.campaignId,
    (next, previous) => {
      if (next === campaignId) return;
      if (previous && socket?.connected) socket.emit('unsubscribe', { campaignId: previous });
      campaignId = next;
      store.select(next);
      if (next) subscribe();
      else if (socket?.connected) store.setStatus('idle');
    },
    { immediate: true },
  );

  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibilityChange);
  open();
  if (getCurrentScope()) onScopeDispose(stop);

  return { reconnect, resync, stop };
}
