import type { FundingFigures } from '../../../api/funders';
import type { FundersChartOption } from '../../../components/funders-chart';
import { yuan } from '../../../format';
import type { I18n } from '../../../i18n';

export const MONEY = ['committedFen', 'disbursedFen', 'spentFen'] as const;
export type MoneyFigure = (typeof MONEY)[number] | 'budgetedFen';

export const COLORS: Record<MoneyFigure, string> = {
  budgetedFen: '#bfbfbf',
  committedFen: '#1677ff',
  disbursedFen: '#52c41a',
  spentFen: '#fa8c16',
};

export const LABEL: Record<
  MoneyFigure,
  'funders.spending.budgeted' | 'funders.spending.committed' | 'funders.spending.disbursed' | 'funders.spending.spent'
> = {
  budgetedFen: 'funders.spending.budgeted',
  committedFen: 'funders.spending.committed',
  disbursedFen: 'funders.spending.disbursed',
  spentFen: 'funders.spending.spent',
};

/** Axes in yuan (the figures are fen); tooltips with the exact amount. */
const money = (value: unknown) => yuan(Math.round(Number(value) * 100));
const axisYuan = (value: number) =>
  value >= 10_000 ? `¥${(value / 10_000).toLocaleString('en-US', { maximumFractionDigits: 1 })}万` : `¥${value}`;

export interface Bars {
  names: string[];
  rows: Array<Partial<Record<MoneyFigure, number | null>>>;
  figures: readonly MoneyFigure[];
  horizontal?: boolean;
}

/** Grouped bars of money figures per item (programme, category, area, organisation). */
export function barsOption({ names, rows, figures, horizontal = false }: Bars, t: I18n['t']): FundersChartOption {
  const categoryAxis = {
    type: 'category' as const,
    data: names,
    axisLabel: horizontal
      ? { width: 140, overflow: 'truncate' as const }
      : { interval: 0, rotate: names.length > 5 ? 30 : 0 },
  };
  const valueAxis = { type: 'value' as const, axisLabel: { formatter: axisYuan } };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: money },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: figures.map((f) => ({
      name: t(LABEL[f]),
      type: 'bar' as const,
      barMaxWidth: 32,
      itemStyle: { color: COLORS[f] },
      data: rows.map((r) => (r[f] ?? 0) / 100),
    })),
  };
}

/** Money per month: what was committed, paid and reported each month. */
export function monthlyOption(
  months: Array<{ month: string; totals: FundingFigures }>,
  t: I18n['t'],
): FundersChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: money },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: months.map((m) => m.month), boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: axisYuan } },
    series: MONEY.map((f) => ({
      name: t(LABEL[f]),
      type: 'line' as const,
      symbolSize: 6,
      itemStyle: { color: COLORS[f] },
      areaStyle: f === 'disbursedFen' ? { opacity: 0.12 } : undefined,
      data: months.map((m) => m.totals[f] / 100),
    })),
  };
}
