/**
 * The console's time series (last hours, one point per 5 minutes): contacts as bars, prospects and
 * customers as lines with their own marker shapes, and prospects per contact on a second axis
 * (dashed). A pure function of the points: the chart keeps one instance and takes each new option.
 */
import type { TimeSeriesPoint } from '@leadboard/contracts';
import { PALETTE, type ChartOption } from './register-charts';

export interface TimeSeriesLabels {
  contacts: string;
  prospects: string;
  customers: string;
  prospectPerContacted: string;
}

export interface TimeSeriesOptionInput {
  points: readonly TimeSeriesPoint[];
  labels: TimeSeriesLabels;
  formatTime: (iso: string) => string;
  formatCount: (n: number) => string;
  formatRate: (r: number | null) => string;
  scale?: number;
}

export function buildTimeSeriesOption(input: TimeSeriesOptionInput): ChartOption {
  const k = input.scale ?? 1;
  const x = input.points.map((p) => input.formatTime(p.at));
  const font = { color: PALETTE.mutedText, fontSize: 14 * k };
  return {
    animation: false,
    grid: { left: 48 * k, right: 56 * k, top: 44 * k, bottom: 28 * k },
    legend: { top: 0, textStyle: font, itemWidth: 22 * k, itemHeight: 12 * k },
    tooltip: {
      trigger: 'axis',
      textStyle: { fontSize: 14 * k },
      valueFormatter: (v) => (typeof v === 'number' ? input.formatCount(v) : String(v ?? '')),
    },
    xAxis: {
      type: 'category',
      data: x,
      axisLabel: { ...font, hideOverlap: true },
      axisLine: { lineStyle: { color: PALETTE.grey } },
    },
    yAxis: [
      {
        type: 'value',
        minInterval: 1,
        axisLabel: { ...font, formatter: (v: number) => input.formatCount(v) },
        splitLine: { lineStyle: { color: PALETTE.gridLine } },
      },
      {
        type: 'value',
        min: 0,
        axisLabel: { ...font, formatter: (v: number) => input.formatRate(v) },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        id: 'contacts',
        name: input.labels.contacts,
        type: 'bar',
        itemStyle: { color: PALETTE.bluishGreen },
        barMaxWidth: 14 * k,
        data: input.points.map((p) => p.contacts),
      },
      {
        id: 'prospects',
        name: input.labels.prospects,
        type: 'line',
        symbol: 'triangle',
        symbolSize: 8 * k,
        lineStyle: { color: PALETTE.yellow, width: 3 * k },
        itemStyle: { color: PALETTE.yellow },
        data: input.points.map((p) => p.prospects),
      },
      {
        id: 'customers',
        name: input.labels.customers,
        type: 'line',
        symbol: 'diamond',
        symbolSize: 9 * k,
        lineStyle: { color: PALETTE.reddishPurple, width: 3 * k },
        itemStyle: { color: PALETTE.reddishPurple },
        data: input.points.map((p) => p.customers),
      },
      {
        id: 'rate',
        name: input.labels.prospectPerContacted,
        type: 'line',
        yAxisIndex: 1,
        symbol: 'circle',
        symbolSize: 6 * k,
        connectNulls: false,
        lineStyle: { color: PALETTE.skyBlue, width: 2 * k, type: 'dashed' },
        itemStyle: { color: PALETTE.skyBlue },
        tooltip: { valueFormatter: (v) => input.formatRate(typeof v === 'number' ? v : null) },
        data: input.points.map((p) => p.prospectPerContacted),
      },
    ],
  };
}
