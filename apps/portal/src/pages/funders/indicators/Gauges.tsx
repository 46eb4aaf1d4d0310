import { useMemo } from 'react';
import { Card, Col, Row, Space, Statistic, Typography } from 'antd';
import type { IndicatorValue } from '../../../api/funders';
import { FundersChart, type FundersChartOption } from '../../../components/funders-chart';
import { useI18n, type I18n } from '../../../i18n';
import { basisText, formatIndicator, MetTag, targetText } from './format';

const MAX: Record<IndicatorValue['unit'], number | null> = { percent: 100, rating: 5, hours: null };
const GOOD = '#52c41a';
const SHORT = '#ff7875';

/** A gauge filled up to the value, green when the target is met, red when not, blue without a target. */
function gaugeOption(indicator: IndicatorValue, max: number, t: I18n['t']): FundersChartOption {
  const color = indicator.met === true ? GOOD : indicator.met === false ? SHORT : '#1677ff';
  return {
    series: [
      {
        type: 'gauge',
        min: 0,
        max,
        splitNumber: 5,
        radius: '95%',
        center: ['50%', '60%'],
        startAngle: 200,
        endAngle: -20,
        axisLine: { lineStyle: { width: 12, color: [[1, '#f0f0f0']] } },
        progress: { show: indicator.value !== null, width: 12, itemStyle: { color } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { length: 6, distance: 4, lineStyle: { color: '#bfbfbf' } },
        axisLabel: { distance: 18, fontSize: 10, color: '#8c8c8c' },
        detail: {
          fontSize: 16,
          offsetCenter: [0, '10%'],
          formatter: () => formatIndicator(indicator.value, indicator.unit, t),
        },
        data: [{ value: indicator.value ?? 0 }],
      },
    ],
  };
}

function IndicatorCard({ indicator }: { indicator: IndicatorValue }) {
  const { t } = useI18n();
  const max = MAX[indicator.unit];
  const name = t(`funders.indicator.${indicator.key}`);
  const option = useMemo(() => (max === null ? null : gaugeOption(indicator, max, t)), [indicator, max, t]);
  return (
    <Card size="small" title={name} extra={<MetTag indicator={indicator} />} data-testid={`indicator-${indicator.key}`}>
      {option ? (
        <FundersChart option={option} label={name} height={170} />
      ) : (
        <Statistic value={formatIndicator(indicator.value, indicator.unit, t)} style={{ padding: '40px 0' }} />
      )}
      <Space direction="vertical" size={0}>
        <Typography.Text type="secondary">
          {t('funders.indicators.target')}: {targetText(indicator, t)}
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('funders.indicators.basis')}: {basisText(indicator, t)}
        </Typography.Text>
      </Space>
    </Card>
  );
}

/** Every indicator of the selection as a whole, against its target. */
export function Gauges({ indicators }: { indicators: IndicatorValue[] }) {
  return (
    <Row gutter={[12, 12]}>
      {indicators.map((i) => (
        <Col xs={24} sm={12} lg={8} xxl={6} key={i.key}>
          <IndicatorCard indicator={i} />
        </Col>
      ))}
    </Row>
  );
}
