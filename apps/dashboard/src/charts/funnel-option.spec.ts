import { FUNNEL_STAGES } from '@leadboard/contracts';
import type { FunnelSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import { formatCount, formatRate } from '../format/format';
import { FUNNEL_COLORS, buildFunnelOption } from './funnel-option';

const labels = { new: 'Leads', contacted: 'Contacted', prospect: 'Prospects', opportunity: 'Opportunities', customer: 'Customers' };

function series(option: ReturnType<typeof buildFunnelOption>): FunnelSeriesOption {
  const s = option.series;
  return (Array.isArray(s) ? s[0] : s) as FunnelSeriesOption;
}

function build(funnel: Parameters<typeof buildFunnelOption>[0]['funnel'], locale = 'en') {
  return buildFunnelOption({
    funnel,
    labels,
    formatCount: (n) => formatCount(n, locale),
    formatRate: (r) => formatRate(r, locale),
  });
}

describe('buildFunnelOption', () => {
  it('draws the five funnel stages in funnel order with their reached counts', () => {
    const s = series(build({ new: 1200, contacted: 600, prospect: 150, opportunity: 40, customer: 12 }));
    expect(s.type).toBe('funnel');
    expect(s.sort).toBe('none');
    expect(s.max).toBe(1200);
    const data = s.data as { id: string; name: string; value: number; itemStyle: { color: string }; label: { formatter: string } }[];
    expect(data.map((d) => d.id)).toEqual([...FUNNEL_STAGES]);
    expect(data.map((d) => [d.name, d.value])).toEqual([
      ['Leads', 1200],
      ['Contacted', 600],
      ['Prospects', 150],
      ['Opportunities', 40],
      ['Customers', 12],
    ]);
    expect(data.map((d) => d.itemStyle.color)).toEqual(Object.values(FUNNEL_COLORS));
    expect(data[0].label.formatter).toBe('{name|Leads}  {count|1,200}');
  });

  it('formats counts and shares in the given locale', () => {
    // Italian groups from five digits on (CLDR minimum grouping digits)
    const s = series(build({ new: 12000, contacted: 6000, prospect: 0, opportunity: 0, customer: 0 }, 'it'));
    const data = s.data as { label: { formatter: string }; tooltip: { formatter: string } }[];
    expect(data[0].label.formatter).toBe('{name|Leads}  {count|12.000}');
    expect(data[1].tooltip.formatter).toBe('Contacted: 6000 (50%)');
  });

  it('shows an empty funnel before the first snapshot', () => {
    const s = series(build(null));
    expect((s.data as { value: number }[]).map((d) => d.value)).toEqual([0, 0, 0, 0, 0]);
    expect(s.max).toBe(1);
    const data = s.data as { tooltip: { formatter: string } }[];
    expect(data[0].tooltip.formatter).toBe('Leads: 0 (—)');
  });

  it('keeps label text out of the rich-text syntax', () => {
    const option = buildFunnelOption({
      funnel: null,
      labels: { ...labels, new: 'Le{a}ds|x' },
      formatCount: String,
      formatRate: String,
    });
    const data = series(option).data as { label: { formatter: string } }[];
    expect(data[0].label.formatter).toBe('{name|Leadsx}  {count|0}');
  });

  it('is a pure function of its input', () => {
    const input = { new: 10, contacted: 5, prospect: 2, opportunity: 1, customer: 0 };
    expect(build(input)).toEqual(build({ ...input }));
  });
});
