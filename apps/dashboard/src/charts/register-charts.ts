/**
 * The one place that registers ECharts parts: only what the dashboard draws (tree-shaken
 * `echarts/core`), rendered as SVG (crisp on a wall screen, no canvas needed in tests).
 */
import type { FunnelSeriesOption } from 'echarts/charts';
import { FunnelChart } from 'echarts/charts';
import type { TooltipComponentOption } from 'echarts/components';
import { TooltipComponent } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([FunnelChart, TooltipComponent, SVGRenderer]);

/** The options the registered parts accept; option builders return this type. */
export type ChartOption = ComposeOption<FunnelSeriesOption | TooltipComponentOption>;

export const CHART_INIT_OPTIONS = { renderer: 'svg' } as const;
