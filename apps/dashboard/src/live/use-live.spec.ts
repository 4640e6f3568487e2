import type { SubscribeAck } from '@leadboard/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useCampaignLiveStore } from '../stores/campaign-live.store';
import { alertMessage, metricsMessage, snapshot, transition } from '../test-fixtures';
import { useImportsStore } from '../sources/imports.store';
import { importSummary } from '../sources/sources-fixtures';
import { useLive, type LiveSocket, type UseLiveOptions } from './use-live';

type Handler = (...args: unknown[]) => void;

/** A stand-in for the socket.io client: records what the connector emits, lets a test play the server. */
class FakeSocket {
  connected = false;
  active = true;
  handlers = new Map<string, Handler[]>();
  emitted: { event: string; payload: unknown; ack?: (err: Error | null, res?: SubscribeAck) => void }[] = [];
  disconnects = 0;
  connects = 0;

  constructor(readonly auth: (cb: (data: object) => void) => void) {}

  on(event: string, fn: Handler) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  removeAllListeners() {
    this.handlers.clear();
    return this;
  }
  emit(event: string, payload: unknown, ack?: (err: Error | null, res?: SubscribeAck) => void) {
    this.emitted.push({ event, payload, ack });
    return this;
  }
  timeout() {
    return { emit: (event: string, payload: unknown, ack: (err: Error | null, res?: SubscribeAck) => void) => this.emit(event, payload, ack) };
  }
  connect() {
    this.connects += 1;
    return this;
  }
  disconnect() {
    this.disconnects += 1;
    this.connected = false;
    return this;
  }

  // the server's side
  fire(event: string, ...args: unknown[]) {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
  serverConnect() {
    this.connected = true;
    this.fire('connect');
  }
  subscribes() {
    return this.emitted.filter((e) => e.event === 'subscribe');
  }
  lastSubscribe() {
    const all = this.subscribes();
    return all[all.length - 1];
  }
}

describe('useLive', () => {
  let sockets: FakeSocket[];
  let onUnauthorized: ReturnType<typeof vi.fn<() => void>>;
  const campaignId = ref<string | null>('c-water');
  const token = ref<string | null>('tok-1');

  function start(extra: Partial<UseLiveOptions> = {}) {
    const scope = effectScope();
    const live = scope.run(() =>
      useLive({
        ...extra,
        token: () => token.value,
        campaignId,
        onUnauthorized,
        minResyncIntervalMs: 0,
        createSocket: (auth) => {
          const s = new FakeSocket(auth);
          sockets.push(s);
          return s as unknown as LiveSocket;
        },
      }),
    )!;
    return { live, scope, socket: sockets[sockets.length - 1] };
  }

  beforeEach(() => {
    setActivePinia(createPinia());
    sockets = [];
    onUnauthorized = vi.fn<() => void>();
    campaignId.value = 'c-water';
    token.value = 'tok-1';
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('hands the current token to the handshake', () => {
    const { socket } = start();
    const auth = vi.fn();
    socket.auth(auth);
    expect(auth).toHaveBeenCalledWith({ token: 'tok-1' });
  });

  it('subscribes on connect and goes live with the snapshot', () => {
    const { socket } = start();
    const store = useCampaignLiveStore();
    expect(store.status).toBe('connecting');
    socket.serverConnect();
    expect(socket.lastSubscribe().payload).toEqual({ campaignId: 'c-water' });
    socket.lastSubscribe().ack?.(null, { ok: true, campaignIds: ['c-water'] });
    socket.fire('snapshot', snapshot(3));
    expect(store.status).toBe('live');
    expect(store.lastSeq).toBe(3);
    socket.fire('metrics', metricsMessage(4));
    expect(store.lastSeq).toBe(4);
  });

  it('subscribes again on a gap in seq and applies the fresh snapshot', () => {
    const { socket } = start();
    const store = useCampaignLiveStore();
    socket.serverConnect();
    socket.fire('snapshot', snapshot(3));
    socket.fire('transition', transition(4));
    expect(socket.subscribes()).toHaveLength(1);

    socket.fire('transition', transition(7));
    // the missing seqs get a grace period (messages from several workers may cross)
    vi.advanceTimersByTime(1_000);
    expect(socket.subscribes()).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(socket.subscribes()).toHaveLength(2);
    expect(store.status).toBe('resyncing');
    // more messages while the snapshot is awaited do not cause more subscriptions
    socket.fire('transition', transition(8));
    vi.runOnlyPendingTimers();
    expect(socket.subscribes()).toHaveLength(2);

    socket.fire('snapshot', snapshot(7));
    expect(store.lastSeq).toBe(8);
    expect(store.status).toBe('live');
  });

  it('applies messages that crossed on their way in seq order, without a re-sync', () => {
    const { socket } = start();
    const store = useCampaignLiveStore();
    socket.serverConnect();
    socket.fire('snapshot', snapshot(3));
    socket.fire('transition', transition(5, 'L-5'));
    expect(store.lastSeq).toBe(3);
    socket.fire('metrics', metricsMessage(4));
    expect(store.lastSeq).toBe(5);
    expect(store.feed.map((e) => e.leadId)).toEqual(['L-5']);
    vi.advanceTimersByTime(5_000);
    expect(socket.subscribes()).toHaveLength(1);
    expect(store.status).toBe('live');
  });

  it('takes alerts and reassignments as sequenced messages', () => {
    const { socket } = start();
    const store = useCampaignLiveStore();
    socket.serverConnect();
    socket.fire('snapshot', snapshot(3));
    socket.fire('alert', alertMessage(4, { state: 'raised' }));
    expect(store.alerts.map((a) => a.id)).toEqual(['a-1']);
    socket.fire('reassigned', {
      campaignId: 'c-water',
      seq: 5,
      action: 'reassigned',
      moves: [{ leadId: 'L-1', fromOperatorId: 'op-12' }],
      toOperatorId: 'op-7',
      reason: 'closer',
      by: { kind: 'user', email: 'm@x.it' },
      at: '2026-11-23T09:00:00Z',
      operators: [{ operatorId: 'op-7', name: 'Marco', seniority: 'senior', state: 'available', since: null }],
    });
    expect(store.lastSeq).toBe(5);
    expect(store.operatorName('op-7')).toBe('Marco');
    socket.fire('alert', alertMessage(6, { state: 'resolved' }));
    expect(store.alerts).toEqual([]);
    expect(socket.subscribes()).toHaveLength(1);
  });

  it('re-syncs on request (a heartbeat found the figures diverged)', () => {
    const { socket, live } = start();
    const store = useCampaignLiveStore();
    socket.serverConnect();
    socket.fire('snapshot', snapshot(3));
    live.resync();
    expect(store.awaitingSnapshot).toBe(true);
    vi.advanceTimersByTime(10);
    expect(socket.subscribes()).toHaveLength(2);
    socket.fire('snapshot', snapshot(9));
    expect(store.lastSeq).toBe(9);
    expect(store.snapshots).toBe(2);
  });

  it('re-subscribes after a reconnect', () => {
    const { socket } = start();
    const store = useCampaignLiveStore();
    socket.serverConnect();
    socket.fire('snapshot', snapshot(3));
    socket.connected = false;
    socket.fire('disconnect', 'transport close');
    expect(store.status).toBe('offline');
    socket.serverConnect();
    expect(socket.subscribes()).toHaveLength(2);
    expect(store.awaitingSnapshot).toBe(true);
    // a message that raced ahead of the new snapshot is held, not applied
    socket.fire('transition', transition(9));
    expect(store.lastSeq).toBe(3);
    socket.fire('snapshot', snapshot(8));
    expect(store.lastSeq).toBe(9);
  });

  it("sends the user back to login when the handshake is refused as 'unauthorized'", () => {
    const { socket } = start();
    socket.fire('connect_error', new Error('unauthorized'));
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect(socket.disconnects).toBe(1);
  });

  it('retries other handshake errors', () => {
    const { socket } = start();
    socket.active = false;
    socket.fire('connect_error', new Error('xhr poll error'));
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(useCampaignLiveStore().status).toBe('offline');
    vi.advanceTimersByTime(5_000);
    expect(socket.connects).toBe(1);
  });

  it('switches campaigns: unsubscribes the old one and subscribes the new one', async () => {
    const { socket } = start();
    const store = useCampaignLiveStore();
    socket.serverConnect();
    socket.fire('snapshot', snapshot(3));
    campaignId.value = 'c-gas';
    await nextTick();
    expect(socket.emitted.find((e) => e.event === 'unsubscribe')?.payload).toEqual({ campaignId: 'c-water' });
    expect(socket.lastSubscribe().payload).toEqual({ campaignId: 'c-gas' });
    expect(store.campaignId).toBe('c-gas');
    expect(store.metrics).toBeNull();
    // late messages of the old campaign are ignored
    socket.fire('snapshot', snapshot(40));
    expect(store.lastSeq).toBeNull();
    socket.fire('snapshot', snapshot(1, { campaignId: 'c-gas' }));
    expect(store.lastSeq).toBe(1);
  });

  it('shows a refused subscription', () => {
    const { socket } = start();
    socket.serverConnect();
    socket.lastSubscribe().ack?.(null, { ok: false, error: 'forbidden' });
    expect(useCampaignLiveStore().status).toBe('error');
    expect(useCampaignLiveStore().statusDetail).toBe('forbidden');
  });

  it('asks again when the subscription is not acknowledged in time', () => {
    const { socket } = start();
    socket.serverConnect();
    socket.lastSubscribe().ack?.(new Error('operation has timed out'));
    vi.advanceTimersByTime(5_000);
    expect(socket.subscribes()).toHaveLength(2);
  });

  it('pauses the socket while the tab is hidden and re-syncs from a snapshot when it is shown again', () => {
    const { socket } = start();
    const store = useCampaignLiveStore();
    socket.serverConnect();
    socket.fire('snapshot', snapshot(3));
    const setVisibility = (v: 'hidden' | 'visible') => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => v });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      setVisibility('hidden');
      vi.advanceTimersByTime(59_000);
      expect(socket.disconnects).toBe(0); // a short look elsewhere keeps the connection
      vi.advanceTimersByTime(2_000);
      expect(socket.disconnects).toBe(1);
      socket.fire('disconnect', 'io client disconnect');
      expect(store.status).toBe('paused');

      setVisibility('visible');
      expect(socket.connects).toBe(1);
      socket.serverConnect();
      expect(socket.subscribes()).toHaveLength(2);
      expect(store.awaitingSnapshot).toBe(true);
      socket.fire('snapshot', snapshot(40));
      expect(store.lastSeq).toBe(40);
      expect(store.status).toBe('live');
    } finally {
      setVisibility('visible');
    }
  });

  it('closes the socket when its scope ends', () => {
    const { socket, scope } = start();
    scope.stop();
    expect(socket.disconnects).toBe(1);
    expect(useCampaignLiveStore().status).toBe('idle');
  });

  describe('tenant feed (the Sources page)', () => {
    it('follows the tenant stream on every connect and hands import progress to the imports store', () => {
      campaignId.value = null;
      const { socket } = start({ tenantFeed: true });
      const imports = useImportsStore();
      socket.serverConnect();
      expect(socket.subscribes().map((e) => e.payload)).toEqual([{ tenant: true }]);
      socket.lastSubscribe().ack?.(null, { ok: true, campaignIds: ['c-water', 'c-solar'] });
      // the snapshots the tenant subscription brings are not the page's business
      socket.fire('snapshot', snapshot(3));
      expect(useCampaignLiveStore().lastSeq).toBeNull();

      socket.fire('import', importSummary({ id: 'imp-1', state: 'running', rowsRead: 40 }));
      expect(imports.list.map((i) => [i.id, i.state, i.rowsRead])).toEqual([['imp-1', 'running', 40]]);

      socket.fire('disconnect', 'transport close');
      socket.serverConnect();
      expect(socket.subscribes().map((e) => e.payload)).toEqual([{ tenant: true }, { tenant: true }]);
    });

    it('asks again when the tenant subscription gets no answer, and never without the option', () => {
      campaignId.value = null;
      const { socket } = start({ tenantFeed: true, subscribeTimeoutMs: 100, retryDelayMs: 500 });
      socket.serverConnect();
      socket.lastSubscribe().ack?.(new Error('operation has timed out'));
      vi.advanceTimersByTime(500);
      expect(socket.subscribes()).toHaveLength(2);

      const plain = start().socket;
      plain.serverConnect();
      expect(plain.subscribes()).toHaveLength(0);
    });
  });
});
