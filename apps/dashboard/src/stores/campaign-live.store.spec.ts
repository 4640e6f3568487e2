import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { alertMessage, metrics, metricsMessage, snapshot, transition } from '../test-fixtures';
import { FEED_SIZE, useCampaignLiveStore } from './campaign-live.store';

describe('campaign-live store', () => {
  let store: ReturnType<typeof useCampaignLiveStore>;

  beforeEach(() => {
    setActivePinia(createPinia());
    store = useCampaignLiveStore();
    store.select('c-water');
  });

  it('replaces everything with a snapshot', () => {
    store.applySnapshot(snapshot(5, { recentTransitions: [transition(5, 'L-old')] }));
    expect(store.lastSeq).toBe(5);
    expect(store.metrics?.stages.new).toBe(10);
    expect(store.feed.map((e) => e.leadId)).toEqual(['L-old']);

    const fresh = metrics({ stages: { ...metrics().stages, new: 99 } });
    store.applySnapshot(snapshot(9, { metrics: fresh, recentTransitions: [] }));
    expect(store.lastSeq).toBe(9);
    expect(store.metrics?.stages.new).toBe(99);
    expect(store.feed).toEqual([]);
    expect(store.awaitingSnapshot).toBe(false);
    expect(store.receivedAt).not.toBeNull();
  });

  it('applies the next seq and ignores a seq at or below the last applied one', () => {
    store.applySnapshot(snapshot(5));
    expect(store.applyTransition(transition(6, 'L-6'))).toBe('applied');
    expect(store.applyTransition(transition(6, 'L-6'))).toBe('stale');
    expect(store.applyTransition(transition(4, 'L-4'))).toBe('stale');
    expect(store.lastSeq).toBe(6);
    expect(store.feed.map((e) => e.leadId)).toEqual(['L-6']);
  });

  it('takes account messages in seq order, newest first, so they never open a gap', () => {
    store.applySnapshot(snapshot(5));
    const account = (seq: number, name: string) => ({ campaignId: 'c-water', seq, accountId: `name:${name}`, name, from: 'lead' as const, to: 'potential' as const, at: '2026-11-23T09:00:00Z', leadId: 'L-1' });
    expect(store.applyAccount(account(6, 'acqua'))).toBe('applied');
    expect(store.applyTransition(transition(7, 'L-7'))).toBe('applied');
    expect(store.applyAccount(account(8, 'beta'))).toBe('applied');
    expect(store.hasHole()).toBe(false);
    expect(store.accountChanges.map((c) => c.name)).toEqual(['beta', 'acqua']);
    store.select('c-other');
    expect(store.accountChanges).toEqual([]);
  });

  it('replaces the metrics object with a metrics message', () => {
    store.applySnapshot(snapshot(1));
    const before = store.metrics;
    expect(store.applyMetrics(metricsMessage(2, { stages: { ...metrics().stages, prospect: 42 } }))).toBe('applied');
    expect(store.metrics).not.toBe(before);
    expect(store.metrics?.stages.prospect).toBe(42);
  });

  it('holds messages past a gap, and replays the ones after the fresh snapshot', () => {
    store.applySnapshot(snapshot(5));
    expect(store.applyTransition(transition(8, 'L-8'))).toBe('held');
    expect(store.hasHole()).toBe(true);
    // the connector's grace ran out: a snapshot is awaited
    store.markGap();
    expect(store.awaitingSnapshot).toBe(true);
    // while the snapshot is awaited, messages are held rather than reported again
    expect(store.applyTransition(transition(9, 'L-9'))).toBe('buffered');
    expect(store.lastSeq).toBe(5);

    // the fresh snapshot covers up to 8; 9 follows it
    expect(store.applySnapshot(snapshot(8, { recentTransitions: [transition(8, 'L-8')] }))).toBe('applied');
    expect(store.lastSeq).toBe(9);
    expect(store.feed.map((e) => e.leadId)).toEqual(['L-9', 'L-8']);
  });

  it('holds messages that arrive before the first snapshot', () => {
    expect(store.applyMetrics(metricsMessage(3))).toBe('buffered');
    expect(store.applyTransition(transition(4, 'L-4'))).toBe('buffered');
    store.applySnapshot(snapshot(3));
    expect(store.lastSeq).toBe(4);
    expect(store.feed.map((e) => e.leadId)).toEqual(['L-4']);
  });

  it('asks for another snapshot when held messages still leave a gap', () => {
    store.applyTransition(transition(10, 'L-10'));
    expect(store.applySnapshot(snapshot(7))).toBe('held');
    expect(store.hasHole()).toBe(true);
    store.markGap();
    expect(store.applySnapshot(snapshot(9))).toBe('applied');
    expect(store.lastSeq).toBe(10);
  });

  it('lists a transition once when the snapshot already had it', () => {
    store.applySnapshot(snapshot(5, { recentTransitions: [transition(6, 'L-6')] }));
    expect(store.applyTransition(transition(6, 'L-6'))).toBe('applied');
    expect(store.lastSeq).toBe(6);
    expect(store.feed.map((e) => e.leadId)).toEqual(['L-6']);
  });

  it('ignores messages for another campaign', () => {
    store.applySnapshot(snapshot(1));
    expect(store.applyTransition(transition(2, 'L-x', 'contacted', 'c-other'))).toBe('ignored');
    expect(store.applySnapshot(snapshot(50, { campaignId: 'c-other' }))).toBe('ignored');
    expect(store.lastSeq).toBe(1);
  });

  it(`keeps the ${FEED_SIZE} newest transitions, newest first`, () => {
    store.applySnapshot(snapshot(0));
    for (let seq = 1; seq <= FEED_SIZE + 10; seq += 1) store.applyTransition(transition(seq));
    expect(store.feed).toHaveLength(FEED_SIZE);
    expect(store.feed[0].leadId).toBe(`L-${FEED_SIZE + 10}`);
    expect(store.feed[FEED_SIZE - 1].leadId).toBe('L-11');
    expect(new Set(store.feed.map((e) => e.key)).size).toBe(FEED_SIZE);
  });

  it('caps a snapshot feed too', () => {
    const many = Array.from({ length: 80 }, (_, i) => transition(80 - i));
    store.applySnapshot(snapshot(80, { recentTransitions: many }));
    expect(store.feed).toHaveLength(FEED_SIZE);
    expect(store.feed[0].leadId).toBe('L-80');
  });

  it('drops the previous campaign on select', () => {
    store.applySnapshot(snapshot(5));
    store.select('c-other');
    expect(store.metrics).toBeNull();
    expect(store.lastSeq).toBeNull();
    expect(store.feed).toEqual([]);
    expect(store.receivedAt).toBeNull();
  });

  it('names operators from the snapshot and operator messages', () => {
    store.applySnapshot(snapshot(1));
    expect(store.operatorName('op-12')).toBe('Giulia');
    expect(store.operatorName('op-99')).toBe('op-99');
    store.applyOperator({
      operatorId: 'op-99',
      name: 'Luc',
      seniority: 'junior',
      state: 'available',
      since: null,
      campaignId: 'c-water',
      seq: 2,
    });
    expect(store.operatorName('op-99')).toBe('Luc');
    expect(store.lastSeq).toBe(2);
  });

  it('applies messages that crossed in seq order once the missing one arrives', () => {
    store.applySnapshot(snapshot(5));
    expect(store.applyTransition(transition(7, 'L-7'))).toBe('held');
    expect(store.applyTransition(transition(8, 'L-8'))).toBe('held');
    expect(store.applyMetrics(metricsMessage(6))).toBe('applied');
    expect(store.lastSeq).toBe(8);
    expect(store.hasHole()).toBe(false);
    expect(store.feed.map((e) => e.leadId)).toEqual(['L-8', 'L-7']);
  });

  it('keeps open alerts: raised and acknowledged ones, not resolved ones nor an acknowledged dnc violation', () => {
    store.applySnapshot(snapshot(1, { alerts: [alertMessage(0, { id: 'a-old', raisedAt: '2026-11-23T08:00:00Z' })] }));
    store.applyAlert(alertMessage(2, { id: 'a-q', rule: 'qualification_bottleneck', severity: 'warning' }));
    expect(store.alerts.map((a) => a.id)).toEqual(['a-q', 'a-old']);
    store.applyAlert(alertMessage(3, { id: 'a-q', rule: 'qualification_bottleneck', state: 'acknowledged' }));
    expect(store.alerts.find((a) => a.id === 'a-q')?.state).toBe('acknowledged');
    store.applyAlert(alertMessage(4, { id: 'a-old', state: 'acknowledged' }));
    expect(store.alerts.map((a) => a.id)).toEqual(['a-q']);
    store.applyAlert(alertMessage(5, { id: 'a-q', rule: 'qualification_bottleneck', state: 'resolved' }));
    expect(store.alerts).toEqual([]);
    expect(store.lastSeq).toBe(5);
  });

  it('never moves an alert back in its lifecycle', () => {
    store.applySnapshot(snapshot(1));
    store.alertAcknowledged({ ...alertMessage(0, { id: 'a-q', rule: 'drop_rate', state: 'acknowledged' }) });
    store.applyAlert(alertMessage(2, { id: 'a-q', rule: 'drop_rate', state: 'raised' }));
    expect(store.alerts[0].state).toBe('acknowledged');
  });

  it('merges operators read over REST unless a live message is newer', () => {
    store.applySnapshot(snapshot(1));
    const requestedAt = Date.now() - 1;
    store.applyOperator({ operatorId: 'op-12', name: 'Giulia', seniority: 'senior', state: 'paused', since: null, campaignId: 'c-water', seq: 2 });
    store.mergeOperators(
      [
        { operatorId: 'op-12', name: 'Giulia', seniority: 'senior', state: 'on_call', since: null },
        { operatorId: 'op-3', name: 'Anna', seniority: 'junior', state: 'available', since: null },
      ],
      requestedAt,
    );
    expect(store.operators.get('op-12')?.state).toBe('paused');
    expect(store.operators.get('op-3')?.state).toBe('available');
  });

  it('publishes to the screen at most once per batch', () => {
    vi.useFakeTimers();
    try {
      store.setBatchMs(200);
      store.applySnapshot(snapshot(1));
      store.applyTransition(transition(2, 'L-2'));
      store.applyTransition(transition(3, 'L-3'));
      expect(store.lastSeq).toBe(3);
      expect(store.feed).toEqual([]);
      vi.advanceTimersByTime(200);
      expect(store.feed.map((e) => e.leadId)).toEqual(['L-3', 'L-2']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('publishes the operators a REST read merged with the next batch, not in a render of their own', () => {
    vi.useFakeTimers();
    try {
      store.setBatchMs(200);
      store.applySnapshot(snapshot(1));
      vi.advanceTimersByTime(200);
      store.mergeOperators([{ operatorId: 'op-3', name: 'Anna', seniority: 'junior', state: 'paused', since: null }], Date.now());
      expect(store.operators.get('op-3')?.state).not.toBe('paused');
      vi.advanceTimersByTime(200);
      expect(store.operators.get('op-3')?.state).toBe('paused');
    } finally {
      vi.useRealTimers();
    }
  });

    it('moves the data age with the batch too: one change per publish, not one per message', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      store.setBatchMs(200);
      store.applySnapshot(snapshot(1));
      expect(store.confirmedAt).toBe(1_000_000);
      vi.advanceTimersByTime(50);
      store.applyTransition(transition(2, 'L-2'));
      vi.advanceTimersByTime(50);
      store.applyTransition(transition(3, 'L-3'));
      // the header (data age) is not touched until the screen takes the batch
      expect(store.confirmedAt).toBe(1_000_000);
      expect(store.receivedAt).toBe(1_000_000);
      vi.advanceTimersByTime(200);
      expect(store.confirmedAt).toBe(1_000_100);
      expect(store.receivedAt).toBe(1_000_100);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the store data out of deep reactivity', async () => {
    const { isReactive } = await import('vue');
    store.applySnapshot(snapshot(1));
    expect(isReactive(store.metrics)).toBe(false);
    expect(isReactive(store.feed)).toBe(false);
  });
});
