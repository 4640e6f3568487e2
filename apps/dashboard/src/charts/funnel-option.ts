/**
 * The funnel chart's option, built by a pure function from the reached counts (domain page,
 * rule 5: `new` counts every lead, each later stage the leads that reached it at least).
 */
import { FUNNEL_STAGES, type FunnelCounts, type FunnelStage } from '@leadboard/contracts';
import type { ChartOption } from './register-charts';

/** Okabe–Ito colours (safe for colour-blind viewers); each slice also carries its name. */
export const FUNNEL_COLORS: Readonly<Record<FunnelStage, string>> = {
  new: '#56B4E9',
  contacted: '#009E73',
  prospect: '#F0E442',
  opportunity: '#E69F00',
  customer: '#CC79A7',
};

export interface FunnelOptionInput {
  /** null before the first snapshot: every slice shows as empty. */
  funnel: FunnelCounts | null;
  labels: Readonly<Record<FunnelStage, string>>;
  formatCount: (value: number) => string;
  /** Share of all leads, for the tooltip. */
  formatRate: (value: number | null) => string;
}

/** Keeps label text inert in ECharts' rich-text syntax. */
function plain(text: string): string {
  return text.replace(/[{}|]/g, '');
}

export function buildFunnelOption(input: FunnelOptionInput): ChartOption {
  const counts = FUNNEL_STAGES.map((stage) => input.funnel?.[stage] ?? 0);
  const leads = counts[0];
  const data = FUNNEL_STAGES.map((stage, i) => {
    const value = counts[i];
    const name = plain(input.labels[stage]);
    const count = plain(input.formatCount(value));
    const share = plain(input.formatRate(leads > 0 ? value / leads : null));
    return {
      // identity across updates is the stage, not its (translated) name: no fade on a language switch
      id: stage,
      name,
      value,
      itemStyle: { color: FUNNEL_COLORS[stage], borderColor: '#0b1220', borderWidth: 2 },
      label: { formatter: `{name|${name}}  {count|${count}}` },
      tooltip: { formatter: `${name}: ${count} (${share})` },
    };
  });

  return {
    animationDurationUpdate: 400,
    tooltip: { trigger: 'item', textStyle: { fontSize: 18 } },
    series: [
      {
        type: 'funnel',
        name: 'funnel',
        sort: 'none',
        left: '2%',
        top: 8,
        bottom: 8,
        width: '60%',
        min: 0,
        // every slice keeps some width, so an empty stage still shows (with its label)
        max: Math.max(1, leads),
        minSize: '8%',
        maxSize: '100%',
        gap: 4,
        label: {
          show: true,
          position: 'right',
          color: '#f5f7fa',
          rich: {
            name: { fontSize: 24, color: '#cfd8e3' },
            count: { fontSize: 34, fontWeight: 'bold', color: '#ffffff' },
          },
        },
        labelLine: { show: true, length: 16, lineStyle: { color: '#8a99ad', width: 2 } },
        emphasis: { disabled: true },
        data,
      },
    ],
  };
}
