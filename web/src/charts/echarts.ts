/**
 * The chart library, registered piece by piece so the lazily loaded chunk carries only what the pages draw.
 * Imported with import() from components/chart.tsx: pages that show no chart never download it.
 */
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, DataZoomComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, DataZoomComponent, SVGRenderer]);

export const init = (el: HTMLElement): echarts.ECharts => echarts.init(el, undefined, { renderer: 'svg' });
