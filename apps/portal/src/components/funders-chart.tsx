import { useEffect, useRef } from 'react';
import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import type { BarSeriesOption, GaugeSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// The shared EChart draws bars and pies; the funders' screens add lines (over time), gauges
// (indicators against targets) and target lines, and need clicks for the area drill-down.
echarts.use([
  BarChart,
  GaugeChart,
  LineChart,
  PieChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type FundersChartOption = ComposeOption<
  | BarSeriesOption
  | GaugeSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | AriaComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export interface ChartClick {
  /** The category (x-axis) index of the clicked item. */
  dataIndex: number;
  name: string;
}

/**
 * An ECharts canvas in a labelled figure, resized with its element; `onClick` receives the
 * clicked item (used to drill down). The figure's `data-*` attributes carry what tests read.
 */
export function FundersChart({
  option,
  label,
  height = 300,
  onClick,
  testId,
}: {
  option: FundersChartOption;
  label: string;
  height?: number;
  onClick?: (item: ChartClick) => void;
  testId?: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      clickRef.current?.({ dataIndex: params.dataIndex, name: params.name });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true });
  }, [option]);

  return (
    <figure aria-label={label} style={{ margin: 0 }} data-testid={testId}>
      <div ref={element} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} />
    </figure>
  );
}
