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
  /**
   * Stage-to-stage conversion under each slice but the first (e.g. "▼ 50% of Contacted"): the
   * share of the previous stage's leads that reached this one.
   */
  formatConversion?: (rate: string, previousLabel: string) => string;
  /** Text scale: 1 on a 1080-line screen, 2 on 4K (the wall screen keeps its proportions). */
  scale?: number;
  /** Animate updates (the console); the wall redraws without animation, a few frames a second. */
  animate?: boolean;
}

/** Keeps label text inert in ECharts' rich-text syntax. */
function plain(text: string): string {
  return text.replace(/[{}|]/g, '');
}

/** Stage-to-stage conversions: `[null, contacted/new, prospect/contacted, …]` (null without a base). */
export function stageConversions(funnel: FunnelCounts | null): (number | null)[] {
  return FUNNEL_STAGES.map((stage, i) => {
    if (i === 0 || !funnel) return null;
    const base = funnel[FUNNEL_STAGES[i - 1]];
    return base > 0 ? funnel[stage] / base : null;
  });
}

export function buildFunnelOption(input: FunnelOptionInput): ChartOption {
  const counts = FUNNEL_STAGES.map((stage) => input.funnel?.[stage] ?? 0);
  const leads = counts[0];
  const k = input.scale ?? 1;
  const conversions = stageConversions(input.funnel);
  const data = FUNNEL_STAGES.map((stage, i) => {
    const value = counts[i];
    const name = plain(input.labels[stage]);
    const count = plain(input.formatCount(value));
    const share = plain(input.formatRate(leads > 0 ? value / leads : null));
    const conv =
      i > 0 && input.formatConversion
        ? `\n{conv|${plain(input.formatConversion(input.formatRate(conversions[i]), input.labels[FUNNEL_STAGES[i - 1]]))}}`
        : '';
    return {
      // identity across updates is the stage, not its (translated) name: no fade on a language switch
      id: stage,
      name,
      value,
      itemStyle: { color: FUNNEL_COLORS[stage], borderColor: '#0b1220', borderWidth: 2 },
      label: { formatter: `{name|${name}}  {count|${count}}${conv}` },
      tooltip: { formatter: `${name}: ${count} (${share})` },
    };
  });

  return {
    animation: input.animate ?? true,
    animationDurationUpdate: 400,
    tooltip: { trigger: 'item', textStyle: { fontSize: 18 * k } },
    series: [
      {
        type: 'funnel',
        name: 'funnel',
        sort: 'none',
        left: '2%',
        top: 8 * k,
        bottom: 8 * k,
        width: '60%',
        min: 0,
        // every slice keeps some width, so an empty stage still shows (with its label)
        max: Math.max(1, leads),
        minSize: '8%',
        maxSize: '100%',
        gap: 4 * k,
        label: {
          show: true,
          position: 'right',
          color: '#f5f7fa',
          rich: {
            name: { fontSize: 24 * k, color: '#cfd8e3' },
            count: { fontSize: 34 * k, fontWeight: 'bold', color: '#ffffff', padding: [0, 0, 0, 6 * k] },
            conv: { fontSize: 20 * k, color: '#cfd8e3', lineHeight: 28 * k },
          },
        },
        labelLine: { show: true, length: 16 * k, lineStyle: { color: '#8a99ad', width: 2 * k } },
        emphasis: { disabled: true },
        data,
      },
    ],
  };
}
