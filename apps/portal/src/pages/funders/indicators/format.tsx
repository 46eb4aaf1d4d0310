import { Tag } from 'antd';
import type { IndicatorValue } from '../../../api/funders';
import { useI18n, type I18n } from '../../../i18n';

const DIGITS: Record<IndicatorValue['unit'], number> = { percent: 1, hours: 1, rating: 2 };

/** 62.5% · 18.0 小时 · 4.25 分 */
export function formatIndicator(value: number | null, unit: IndicatorValue['unit'], t: I18n['t']): string {
  if (value === null) return t('funders.indicators.noData');
  const number = value.toFixed(DIGITS[unit]);
  return unit === 'percent' ? `${number}%` : `${number} ${t(`funders.unit.${unit}`)}`;
}

export function targetText(indicator: IndicatorValue, t: I18n['t']): string {
  const target = indicator.target;
  if (!target) return t('funders.indicators.noTarget');
  // Targets are round figures: 60%, not 60.0%.
  const figure = Number(target.value.toFixed(2));
  const value = indicator.unit === 'percent' ? `${figure}%` : `${figure} ${t(`funders.unit.${indicator.unit}`)}`;
  return t(target.comparator === 'at_least' ? 'funders.indicators.atLeast' : 'funders.indicators.atMost', { value });
}

/** What the figure is made of: numerator / denominator, or how many values a median summarises. */
export function basisText(indicator: IndicatorValue, t: I18n['t']): string {
  return indicator.numerator === null
    ? t('funders.indicators.count', { denominator: indicator.denominator })
    : t('funders.indicators.ratio', {
        numerator: Number(indicator.numerator.toFixed(2)),
        denominator: indicator.denominator,
      });
}

export function MetTag({ indicator }: { indicator: IndicatorValue }) {
  const { t } = useI18n();
  const met = indicator.met;
  if (met === null)
    return <Tag>{t(indicator.target ? 'funders.indicators.noData' : 'funders.indicators.noTarget')}</Tag>;
  return (
    <Tag color={met ? 'success' : 'error'} data-met={met}>
      {t(met ? 'funders.indicators.metYes' : 'funders.indicators.metNo')}
    </Tag>
  );
}
