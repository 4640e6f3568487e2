import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { STALE_AFTER_MS } from '../composables/use-data-age';
import { createAppI18n } from '../i18n/i18n';
import DataAge from './data-age.vue';

describe('DataAge', () => {
  const mounted: { unmount(): void }[] = [];
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z') }));
  afterEach(() => {
    for (const w of mounted.splice(0)) w.unmount();
    vi.useRealTimers();
  });

  const mountAt = (confirmedAt: number | null, locale: 'en' | 'it' = 'en') => {
    const w = mount(DataAge, { props: { confirmedAt }, global: { plugins: [createAppI18n(locale)] } });
    mounted.push(w);
    return w;
  };

  it('counts the seconds since the figures were last confirmed', async () => {
    const wrapper = mountAt(Date.now());
    expect(wrapper.text()).toBe('Updated just now');
    vi.advanceTimersByTime(7_000);
    await nextTick();
    expect(wrapper.text()).toMatch(/^Updated 7 sec ago$/);
    expect(wrapper.attributes('data-stale')).toBe('false');
  });

  it('turns stale after a few seconds without a confirmation, and back when one comes', async () => {
    const wrapper = mountAt(Date.now());
    vi.advanceTimersByTime(STALE_AFTER_MS + 1_000);
    await nextTick();
    expect(wrapper.attributes('data-stale')).toBe('true');
    await wrapper.setProps({ confirmedAt: Date.now() });
    expect(wrapper.attributes('data-stale')).toBe('false');
  });

  it('says so before any data (stale if none comes), and speaks the current language', async () => {
    const waiting = mountAt(null);
    expect(waiting.text()).toBe('Waiting for data…');
    expect(waiting.attributes('data-stale')).toBe('false');
    vi.advanceTimersByTime(STALE_AFTER_MS);
    await nextTick();
    expect(waiting.attributes('data-stale')).toBe('true');
    expect(mountAt(Date.now() - 125_000, 'it').text()).toBe('⚠ Aggiornato 2 min fa');
  });

  it('counts the wait afresh when the figures are dropped (another campaign on screen)', async () => {
    const wrapper = mountAt(Date.now());
    vi.advanceTimersByTime(STALE_AFTER_MS * 3);
    await wrapper.setProps({ confirmedAt: Date.now() });
    await wrapper.setProps({ confirmedAt: null });
    vi.advanceTimersByTime(1_000);
    await nextTick();
    expect(wrapper.attributes('data-stale')).toBe('false');
  });
});
