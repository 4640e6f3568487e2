import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppI18n } from '../../i18n/i18n';
import type { FeedEntry } from '../../stores/campaign-live.store';
import { transition } from '../../test-fixtures';
import TransitionTicker from './transition-ticker.vue';

const entry = (seq: number): FeedEntry => ({ ...transition(seq), key: `k-${seq}`, correction: false });

describe('transition ticker', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('highlights a row that just arrived for a second or two: a class the shared clock removes', async () => {
    const w = mount(TransitionTicker, {
      props: { entries: [entry(2), entry(1)], operatorName: (id: string | null) => id },
      global: { plugins: [createAppI18n('en')] },
    });
    const fresh = () => w.findAll('[data-testid="ticker-row"]').filter((r) => r.classes('fresh')).map((r) => r.attributes('data-lead-id'));
    // what the page opened with is not news
    expect(fresh()).toEqual([]);

    await w.setProps({ entries: [entry(3), entry(2), entry(1)] });
    expect(fresh()).toEqual(['L-3']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fresh()).toEqual(['L-3']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fresh()).toEqual([]);
    w.unmount();
  });
});
