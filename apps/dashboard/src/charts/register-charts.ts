/**
 * The one place that registers ECharts parts: only what the dashboard draws (tree-shaken
 * `echarts/core`), rendered as SVG (crisp on a wall screen, no canvas needed in tests).
 */
import type { BarSeriesOption, FunnelSeriesOption, LineSeriesOption } from 'echarts/charts';
import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([FunnelChart, LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** The options the registered parts accept; option builders return this type. */
export type ChartOption = ComposeOption<
  FunnelSeriesOption | LineSeriesOption | BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export const CHART_INIT_OPTIONS = { renderer: 'svg' } as const;

/** Okabe–Ito: the palette colour-blind viewers tell apart; every series also has a shape or a label. */
export const PALETTE = {
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  orange: '#E69F00',
  reddishPurple: '#CC79A7',
  vermillion: '#D55E00',
  blue: '#0072B2',
  grey: '#8a99ad',
  text: '#f5f7fa',
  mutedText: '#cfd8e3',
  gridLine: '#22304a',
} as const;
