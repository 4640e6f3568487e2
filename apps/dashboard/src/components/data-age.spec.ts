import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createAppI18n } from '../i18n/i18n';
import DataAge from './data-age.vue';

describe('DataAge', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  const mountAt = (receivedAt: number | null, live: boolean, locale: 'en' | 'it' = 'en') =>
    mount(DataAge, { props: { receivedAt, live }, global: { plugins: [createAppI18n(locale)] } });

  it('counts the seconds since the last message', async () => {
    const wrapper = mountAt(Date.now(), true);
    expect(wrapper.text()).toBe('Updated just now');
    vi.advanceTimersByTime(12_000);
    await nextTick();
    expect(wrapper.text()).toMatch(/^Updated 12 sec ago$/);
    expect(wrapper.attributes('data-stale')).toBe('false');
  });

  it('says so before any data, and speaks the current language', async () => {
    expect(mountAt(null, false).text()).toBe('Waiting for data…');
    const wrapper = mountAt(Date.now() - 125_000, true, 'it');
    expect(wrapper.text()).toBe('Aggiornato 2 min fa');
  });

  it('turns loud soon when the connection is down, late while it is live', () => {
    expect(mountAt(Date.now() - 45_000, false).attributes('data-stale')).toBe('true');
    expect(mountAt(Date.now() - 45_000, true).attributes('data-stale')).toBe('false');
    expect(mountAt(Date.now() - 700_000, true).attributes('data-stale')).toBe('true');
  });
});
