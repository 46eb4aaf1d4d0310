import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Breadcrumb, Button, Card, DatePicker, Empty, Select, Space, Table, Tooltip, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError } from '../../api/client';
import {
  Fulfilment,
  fundersApi,
  type IndicatorKey,
  type IndicatorLevel,
  type IndicatorsQuery,
  type IndicatorsView,
} from '../../api/funders';
import { FundersChart, type FundersChartOption } from '../../components/funders-chart';
import { errorMessage } from '../../errors';
import { useAsync } from '../../hooks';
import { useI18n, type I18n } from '../../i18n';
import { LoadError } from '../Status';
import { CHILD_LEVEL, useKeyLabels } from './common';
import { Gauges } from './indicators/Gauges';
import { basisText, formatIndicator, MetTag, targetText } from './indicators/format';

type Row = IndicatorsView['rows'][number];

/** The level a trail of clicked areas leads to: none → districts, a district → streets, a street → communities. */
const LEVELS: IndicatorLevel[] = ['district', 'street', 'community'];

function chartOption(view: IndicatorsView, key: IndicatorKey, names: string[], t: I18n['t']): FundersChartOption {
  const values = view.rows.map((r) => r.indicators.find((i) => i.key === key));
  const withTarget = values.find((v) => v?.target);
  const target = withTarget?.target ?? null;
  const unit = values.find((v) => v)?.unit ?? 'percent';
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => formatIndicator(typeof v === 'number' ? v : null, unit, t),
    },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', max: unit === 'percent' ? 100 : unit === 'rating' ? 5 : undefined },
    series: [
      {
        type: 'bar',
        name: t(`funders.indicator.${key}`),
        barMaxWidth: 40,
        data: values.map((v) => ({
          value: v?.value ?? 0,
          itemStyle: { color: v?.met === false ? '#ff7875' : v?.met ? '#52c41a' : '#1677ff' },
        })),
        markLine:
          target && withTarget
            ? {
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#c8102e' },
                label: { formatter: targetText(withTarget, t), position: 'insideEndTop' },
                data: [{ yAxis: target.value }],
              }
            : undefined,
      },
    ],
  };
}

/**
 * The policy indicators by area level against their targets: the selection as a whole (gauges),
 * one indicator across its areas (bars with the target line), and every figure per area in a
 * table whose names open the level below.
 */
export default function IndicatorsPage() {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const labels = useKeyLabels();
  const [params, setParams] = useSearchParams();
  const [charted, setCharted] = useState<IndicatorKey>('certified_social_workers');
  const [exporting, setExporting] = useState(false);
  const trail = (params.get('trail') ?? '')
    .split(',')
    .filter((c) => c !== '')
    .slice(0, 2);
  const period = /^\d{4}-\d{2}$/.test(params.get('period') ?? '') ? (params.get('period') ?? 'all') : 'all';
  const query: IndicatorsQuery = {
    level: LEVELS[trail.length] ?? 'community',
    code: trail.at(-1),
    period,
  };
  const view = useAsync((signal) => fundersApi.indicators(query, signal), [query.level, query.code, query.period]);
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next);
  };
  const canDrill = CHILD_LEVEL[query.level] !== null;
  const open = (code: string) => {
    if (canDrill) set({ trail: [...trail, code].join(',') });
  };
  const data = view.data;
  const names = useMemo(() => (data?.rows ?? []).map((r) => r.name || labels.area(r.code)), [data, labels]);
  const option = useMemo(
    () => (data && data.rows.length > 0 ? chartOption(data, charted, names, t) : null),
    [data, charted, names, t],
  );

  const exportCsv = async () => {
    setExporting(true);
    try {
      const name = await fundersApi.indicatorsCsv(query);
      void message.success(t('funders.indicators.exported', { name }));
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setExporting(false);
    }
  };

  if (view.error && !data) {
    const tooMany = view.error instanceof ApiError && view.error.status === 422;
    return (
      <LoadError
        message={tooMany ? t('funders.indicators.tooMany') : errorMessage(view.error, t)}
        onRetry={view.reload}
      />
    );
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('funders.indicators.title')}
          </Typography.Title>
        }
        extra={
          <Space>
            {data && (
              <Typography.Text type="secondary">
                {t('funders.indicators.asOf', { time: dateTime(data.asOf) })}
              </Typography.Text>
            )}
            <Button icon={<ReloadOutlined />} aria-label={t('app.refresh')} onClick={view.reload} />
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportCsv()}>
              {t('funders.indicators.export')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('funders.indicators.intro')}</Typography.Paragraph>
        <Space wrap size="large">
          <Breadcrumb
            data-testid="indicator-trail"
            items={[
              {
                key: 'top',
                title:
                  trail.length > 0 ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0, height: 'auto' }}
                      onClick={() => set({ trail: undefined })}
                    >
                      {t('funders.indicators.allAreas')}
                    </Button>
                  ) : (
                    t('funders.indicators.allAreas')
                  ),
              },
              ...trail.map((code, i) => ({
                key: code,
                title:
                  i < trail.length - 1 ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0, height: 'auto' }}
                      onClick={() => set({ trail: trail.slice(0, i + 1).join(',') })}
                    >
                      {labels.area(code)}
                    </Button>
                  ) : (
                    labels.area(code)
                  ),
              })),
            ]}
          />
          <Typography.Text type="secondary">
            {t('funders.indicators.level')}: {t(`funders.level.${query.level}`)}
          </Typography.Text>
          <DatePicker
            picker="month"
            aria-label={t('funders.indicators.period')}
            placeholder={t('funders.spending.allTime')}
            value={period === 'all' ? null : dayjs(`${period}-01`)}
            onChange={(d) => set({ period: d ? d.format('YYYY-MM') : undefined })}
          />
        </Space>
      </Card>

      {data ? <Gauges indicators={data.total.indicators} /> : <Card loading />}

      <Card
        size="small"
        title={t('funders.indicators.chart', { indicator: t(`funders.indicator.${charted}`) })}
        extra={
          <Select<IndicatorKey>
            aria-label={t('funders.indicators.chartIndicator')}
            style={{ width: 240 }}
            value={charted}
            onChange={setCharted}
            options={Fulfilment.IndicatorKey.options.map((k) => ({ value: k, label: t(`funders.indicator.${k}`) }))}
          />
        }
      >
        {option ? (
          <FundersChart
            option={option}
            label={t('funders.indicators.chart', { indicator: t(`funders.indicator.${charted}`) })}
            onClick={(item) => {
              const row = data?.rows[item.dataIndex];
              if (row) open(row.code);
            }}
            testId="indicator-chart"
          />
        ) : (
          <Empty description={t('funders.indicators.empty')} />
        )}
      </Card>

      <Card
        size="small"
        extra={canDrill && <Typography.Text type="secondary">{t('funders.indicators.drillHint')}</Typography.Text>}
      >
        <Table<Row>
          data-testid="indicator-table"
          size="small"
          rowKey="code"
          loading={view.loading}
          dataSource={data?.rows ?? []}
          pagination={false}
          scroll={{ x: 1200 }}
          locale={{ emptyText: t('funders.indicators.empty') }}
          columns={[
            {
              title: t('funders.indicators.area'),
              key: 'area',
              fixed: 'left',
              render: (_: unknown, r) => {
                const name = r.name || labels.area(r.code);
                return canDrill ? (
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(r.code)}>
                    {name}
                  </Button>
                ) : (
                  name
                );
              },
            },
            ...Fulfilment.IndicatorKey.options.map((key) => ({
              title: t(`funders.indicator.${key}`),
              key,
              align: 'right' as const,
              render: (_: unknown, r: Row) => {
                const indicator = r.indicators.find((i) => i.key === key);
                if (!indicator) return '—';
                return (
                  <Tooltip
                    title={`${t('funders.indicators.target')}: ${targetText(indicator, t)} · ${basisText(indicator, t)}`}
                  >
                    <Space size={4} data-testid={`cell-${r.code}-${key}`}>
                      <span>{formatIndicator(indicator.value, indicator.unit, t)}</span>
                      {indicator.target && <MetTag indicator={indicator} />}
                    </Space>
                  </Tooltip>
                );
              },
            })),
          ]}
        />
      </Card>
    </Space>
  );
}
