import { STAGES } from '@leadboard/contracts';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createAppI18n, setLocale } from '../i18n/i18n';
import { metrics } from '../test-fixtures';
import RateTiles from './rate-tiles.vue';
import StageCounts from './stage-counts.vue';

describe('stage counts and rates', () => {
  it('shows all eight stages, each test id holding just the number', () => {
    const wrapper = mount(StageCounts, { props: { stages: metrics().stages }, global: { plugins: [createAppI18n('en')] } });
    for (const stage of STAGES) {
      expect(wrapper.get(`[data-testid="stage-count-${stage}"]`).text()).toBe(String(metrics().stages[stage]));
    }
    expect(wrapper.text()).toContain('Do not call');
  });

  it('shows the rates as percentages in the current language, null as a dash', async () => {
    const i18n = createAppI18n('en');
    const rates = { contact: 0.5, qualification: null, prospectPerContacted: 0.125, close: 1 };
    const wrapper = mount(RateTiles, { props: { rates }, global: { plugins: [i18n] } });
    expect(wrapper.get('[data-testid="rate-contact"]').text()).toBe('50%');
    expect(wrapper.get('[data-testid="rate-qualification"]').text()).toBe('—');
    expect(wrapper.get('[data-testid="rate-prospectPerContacted"]').text()).toBe('12.5%');

    setLocale(i18n, 'it');
    await nextTick();
    expect(wrapper.get('[data-testid="rate-prospectPerContacted"]').text()).toBe('12,5%');
    expect(wrapper.text()).toContain('Tasso di contatto');
  });
});

describe('language switcher', () => {
  it('switches every string and the document language', async () => {
    const { default: LanguageSwitcher } = await import('./language-switcher.vue');
    const i18n = createAppI18n('en');
    const wrapper = mount({ components: { LanguageSwitcher, RateTiles }, template: '<LanguageSwitcher /><RateTiles :rates="null" />' }, {
      global: { plugins: [i18n] },
    });
    expect(wrapper.text()).toContain('Contact rate');
    await wrapper.get('[data-testid="language-switcher"]').setValue('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(wrapper.text()).toContain('Taux de contact');
    expect(localStorage.getItem('leadboard.locale')).toBe('fr');
  });
});
