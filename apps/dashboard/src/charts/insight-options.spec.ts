import { AGING_BUCKET_BOUNDS, type StageAging, type TimeSeriesPoint } from '@leadboard/contracts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import { buildAgingOption, bucketCount } from './aging-option';
import { buildFunnelOption, stageConversions } from './funnel-option';
import { buildTimeSeriesOption } from './timeseries-option';

const point = (i: number, over: Partial<TimeSeriesPoint> = {}): TimeSeriesPoint => ({
  at: new Date(Date.UTC(2026, 10, 23, 8, i * 5)).toISOString(),
  calls: 10 * i,
  contacts: 4 * i,
  prospects: i,
  customers: i > 2 ? 1 : 0,
  dropped: 0,
  prospectPerContacted: i ? 0.25 : null,
  ...over,
});
const labels = { contacts: 'Contacts', prospects: 'Prospects', customers: 'Customers', prospectPerContacted: 'Prospects per contact' };

describe('time series option', () => {
  const option = buildTimeSeriesOption({
    points: [0, 1, 2, 3].map((i) => point(i)),
    labels,
    formatTime: (iso) => iso.slice(11, 16),
    formatCount: String,
    formatRate: (r) => (r === null ? '—' : `${Math.round(r * 100)}%`),
  });
  const series = option.series as (LineSeriesOption | BarSeriesOption)[];

  it('has one x label per point and four series with stable ids', () => {
    expect((option.xAxis as { data: string[] }).data).toEqual(['08:00', '08:05', '08:10', '08:15']);
    expect(series.map((s) => s.id)).toEqual(['contacts', 'prospects', 'customers', 'rate']);
    expect(series[0].data).toEqual([0, 4, 8, 12]);
    expect(series[3].data).toEqual([null, 0.25, 0.25, 0.25]);
    expect(series[3].yAxisIndex).toBe(1);
  });

  it('tells the series apart by shape as well as colour', () => {
    expect(series[0].type).toBe('bar');
    expect((series[1] as LineSeriesOption).symbol).toBe('triangle');
    expect((series[2] as LineSeriesOption).symbol).toBe('diamond');
    expect((series[3] as LineSeriesOption).lineStyle?.type).toBe('dashed');
  });

  it('does not animate (it is replaced every minute)', () => {
    expect(option.animation).toBe(false);
  });
});

describe('stage aging option', () => {
  const aging: StageAging = {
    campaignId: 'c',
    asOf: '2026-11-23T09:00:00Z',
    stages: { new: { leads: 6, buckets: [1, 2, 0, 3, 0, 0] }, prospect: { leads: 2, buckets: [0, 0, 0, 0, 1, 1] } },
  };
  it('has one bar per bucket and stage', () => {
    expect(bucketCount()).toBe(AGING_BUCKET_BOUNDS.length + 1);
    const option = buildAgingOption({
      aging,
      stageLabels: { new: 'New', prospect: 'Prospects' },
      bucketLabels: ['a', 'b', 'c', 'd', 'e', 'f'],
      formatCount: String,
    });
    const series = option.series as BarSeriesOption[];
    expect(series.map((s) => [s.id, s.name, s.data])).toEqual([
      ['new', 'New', [1, 2, 0, 3, 0, 0]],
      ['prospect', 'Prospects', [0, 0, 0, 0, 1, 1]],
    ]);
  });
  it('draws empty bars before the first answer', () => {
    const option = buildAgingOption({ aging: null, stageLabels: { new: 'N', prospect: 'P' }, bucketLabels: [], formatCount: String });
    expect((option.series as BarSeriesOption[])[0].data).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('funnel stage-to-stage conversion', () => {
  it('is each stage over the previous one', () => {
    expect(stageConversions({ new: 100, contacted: 50, prospect: 10, opportunity: 0, customer: 0 })).toEqual([null, 0.5, 0.2, 0, null]);
    expect(stageConversions(null)).toEqual([null, null, null, null, null]);
  });
  it('labels every slice but the first with it, scaled for the screen', () => {
    const option = buildFunnelOption({
      funnel: { new: 100, contacted: 50, prospect: 10, opportunity: 0, customer: 0 },
      labels: { new: 'Leads', contacted: 'Contacted', prospect: 'Prospects', opportunity: 'Opportunities', customer: 'Customers' },
      formatCount: String,
      formatRate: (r) => (r === null ? '—' : `${r * 100}%`),
      formatConversion: (rate, stage) => `▼ ${rate} of ${stage}`,
      scale: 2,
      animate: false,
    });
    const s = (option.series as { data: { label: { formatter: string } }[]; label: { rich: { count: { fontSize: number } } } }[])[0];
    expect(s.data[0].label.formatter).toBe('{name|Leads}  {count|100}');
    expect(s.data[1].label.formatter).toBe('{name|Contacted}  {count|50}\n{conv|▼ 50% of Leads}');
    expect(s.data[4].label.formatter).toContain('{conv|▼ — of Opportunities}');
    expect(s.label.rich.count.fontSize).toBe(68);
    expect(option.animation).toBe(false);
  });
});
