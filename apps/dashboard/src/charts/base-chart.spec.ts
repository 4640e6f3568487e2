import { mount } from '@vue/test-utils';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import BaseChart from './base-chart.vue';
import { buildFunnelOption } from './funnel-option';

const labels = { new: 'Leads', contacted: 'Contacted', prospect: 'Prospects', opportunity: 'Opportunities', customer: 'Customers' };
const option = (n: number) =>
  buildFunnelOption({
    funnel: { new: n, contacted: 2, prospect: 1, opportunity: 0, customer: 0 },
    labels,
    formatCount: String,
    formatRate: String,
  });

describe('BaseChart', () => {
  // jsdom lays nothing out: give elements a size so ECharts draws
  const sizes = ['clientWidth', 'clientHeight'] as const;
  const saved = sizes.map((p) => Object.getOwnPropertyDescriptor(HTMLElement.prototype, p));
  beforeAll(() => {
    for (const p of sizes) Object.defineProperty(HTMLElement.prototype, p, { configurable: true, get: () => (p === 'clientWidth' ? 800 : 500) });
  });
  afterAll(() => {
    sizes.forEach((p, i) => saved[i] && Object.defineProperty(HTMLElement.prototype, p, saved[i]!));
  });

  it('draws the funnel as SVG and takes a new option without remounting', async () => {
    const wrapper = mount(BaseChart, { props: { option: option(5), throttleMs: 0 }, attachTo: document.body });
    const root = wrapper.element;
    const texts = () => wrapper.findAll('svg text').map((t) => t.text()).join(' ');
    // ECharts draws on the next animation frames
    await vi.waitFor(() => expect(texts()).toMatch(/Leads\s+5/));

    await wrapper.setProps({ option: option(9) });
    await vi.waitFor(() => expect(texts()).toMatch(/Leads\s+9/));
    expect(wrapper.element).toBe(root);
    wrapper.unmount();
  });
});
