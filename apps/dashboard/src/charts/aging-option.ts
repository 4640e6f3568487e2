/**
 * Stage aging: how long leads have sat in `new` and in `prospect`, per age bucket
 * (AGING_BUCKET_BOUNDS). Grouped bars, one series per stage, each bar labelled with its count.
 */
import { AGING_BUCKET_BOUNDS, AGING_STAGES, type AgingStage, type StageAging } from '@leadboard/contracts';
import { PALETTE, type ChartOption } from './register-charts';

export interface AgingOptionInput {
  aging: StageAging | null;
  stageLabels: Readonly<Record<AgingStage, string>>;
  /** Bucket names, one per bucket (AGING_BUCKET_BOUNDS.length + 1). */
  bucketLabels: readonly string[];
  formatCount: (n: number) => string;
  scale?: number;
}

const COLORS: Readonly<Record<AgingStage, string>> = { new: PALETTE.skyBlue, prospect: PALETTE.yellow };

export function bucketCount(): number {
  return AGING_BUCKET_BOUNDS.length + 1;
}

export function buildAgingOption(input: AgingOptionInput): ChartOption {
  const k = input.scale ?? 1;
  const font = { color: PALETTE.mutedText, fontSize: 14 * k };
  return {
    animation: false,
    grid: { left: 44 * k, right: 16 * k, top: 40 * k, bottom: 28 * k },
    legend: { top: 0, textStyle: font },
    tooltip: { trigger: 'axis', textStyle: { fontSize: 14 * k } },
    xAxis: { type: 'category', data: [...input.bucketLabels], axisLabel: { ...font, interval: 0 }, axisLine: { lineStyle: { color: PALETTE.grey } } },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { ...font, formatter: (v: number) => input.formatCount(v) },
      splitLine: { lineStyle: { color: PALETTE.gridLine } },
    },
    series: AGING_STAGES.map((stage) => ({
      id: stage,
      name: input.stageLabels[stage],
      type: 'bar' as const,
      itemStyle: { color: COLORS[stage], borderColor: '#0b1220', borderWidth: 1 },
      label: { show: true, position: 'top' as const, color: PALETTE.text, fontSize: 13 * k, formatter: (p: { value: unknown }) => input.formatCount(Number(p.value)) },
      data: Array.from({ length: bucketCount() }, (_, i) => input.aging?.stages[stage]?.buckets[i] ?? 0),
    })),
  };
}
