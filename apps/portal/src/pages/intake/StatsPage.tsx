import { useMemo, useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { NeedStatus, Urgency } from '@sanshe/contracts/events/common';
import { intakeApi, type NeedStats, type NeedStatsGroupBy } from '../../api/intake';
import { EChart, type ChartOption } from '../../components/EChart';
import { errorMessage } from '../../errors';
import { percent } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';

const GROUPS: NeedStatsGroupBy[] = ['community', 'grid', 'street', 'district', 'category'];
const STATUS_COLORS: Record<string, string> = {
  logged: '#faad14',
  acknowledged: '#1677ff',
  in_project: '#13c2c2',
  contracted: '#2f54eb',
  in_service: '#722ed1',
  fulfilled: '#52c41a',
  resolved: '#73d13d',
  referred: '#a0d911',
  withdrawn: '#bfbfbf',
  closed: '#8c8c8c',
};
const URGENCY_COLORS: Record<string, string> = {
  low: '#bfbfbf',
  normal: '#1677ff',
  high: '#fa8c16',
  critical: '#f5222d',
};

type Group = NeedStats['groups'][number];

export default function StatsPage() {
  const { t, pick, dateTime } = useI18n();
  const [groupBy, setGroupBy] = useState<NeedStatsGroupBy>('community');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = range?.[0]?.startOf('day').toISOString();
  const to = range?.[1]?.endOf('day').toISOString();
  const stats = useAsync(
    () => intakeApi.stats({ groupBy, ...(from ? { from } : {}), ...(to ? { to } : {}) }),
    [groupBy, from, to],
  );
  const data = stats.data;

  const byStatus = useMemo<ChartOption | null>(() => {
    if (!data || data.groups.length === 0) return null;
    const labels = data.groups.map((g) => pick(g.label));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: NeedStatus.options
        .filter((s) => data.groups.some((g) => (g.byStatus[s] ?? 0) > 0))
        .map((s) => ({
          name: t(`status.${s}`),
          type: 'bar' as const,
          stack: 'status',
          barMaxWidth: 56,
          itemStyle: { color: STATUS_COLORS[s] },
          data: data.groups.map((g) => g.byStatus[s] ?? 0),
        })),
    };
  }, [data, pick, t]);

  const byUrgency = useMemo<ChartOption | null>(() => {
    if (!data || data.totals.total === 0) return null;
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          center: ['50%', '45%'],
          label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
          // Empty slices would only crowd the labels.
          data: Urgency.options
            .filter((u) => (data.totals.byUrgency[u] ?? 0) > 0)
            .map((u) => ({
              name: t(`urgency.${u}`),
              value: data.totals.byUrgency[u] ?? 0,
              itemStyle: { color: URGENCY_COLORS[u] },
            })),
        },
      ],
    };
  }, [data, t]);

  if (stats.error && !data) return <LoadError message={errorMessage(stats.error, t)} onRetry={stats.reload} />;
  const totals = data?.totals;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('stats.title')}
          </Typography.Title>
        }
        extra={
          data && (
            <Typography.Text type="secondary">
              {t('stats.generatedAt', { time: dateTime(data.generatedAt) })}
            </Typography.Text>
          )
        }
      >
        <Space wrap size="large">
          <Space>
            <Typography.Text id="group-by">{t('stats.groupBy')}</Typography.Text>
            <Segmented<NeedStatsGroupBy>
              aria-labelledby="group-by"
              value={groupBy}
              onChange={setGroupBy}
              options={GROUPS.map((g) => ({ value: g, label: t(`stats.by.${g}`) }))}
            />
          </Space>
          <Space>
            <Typography.Text>{t('stats.period')}</Typography.Text>
            <DatePicker.RangePicker value={range} onChange={(v) => setRange(v)} allowEmpty={[true, true]} />
          </Space>
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        {(
          [
            ['stats.total', totals?.total],
            ['stats.open', totals?.open],
            ['stats.resolved', totals?.resolved],
            ['stats.slaCompliance', totals ? percent(totals.acknowledgementSla.complianceRate) : undefined],
            ['stats.medianHours', totals?.resolutionHours.median?.toFixed(1) ?? (totals ? '—' : undefined)],
            ['stats.satisfaction', totals?.satisfaction.mean?.toFixed(2) ?? (totals ? '—' : undefined)],
          ] as const
        ).map(([key, value]) => (
          <Col xs={12} md={8} xl={4} key={key}>
            <Card size="small">
              <Statistic title={t(key)} value={value ?? '—'} loading={stats.loading && !data} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('stats.byStatus')} size="small">
            {byStatus ? (
              <EChart option={byStatus} label={t('stats.byStatus')} />
            ) : (
              <Empty description={t('stats.empty')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('stats.byUrgency')} size="small">
            {byUrgency ? (
              <EChart option={byUrgency} label={t('stats.byUrgency')} />
            ) : (
              <Empty description={t('stats.empty')} />
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <Table<Group>
          size="small"
          rowKey="key"
          loading={stats.loading}
          dataSource={data?.groups ?? []}
          pagination={false}
          locale={{ emptyText: t('stats.empty') }}
          columns={[
            { title: t('stats.group'), key: 'label', render: (_: unknown, g) => pick(g.label) },
            { title: t('stats.total'), dataIndex: 'total' },
            { title: t('stats.open'), dataIndex: 'open' },
            { title: t('stats.resolved'), dataIndex: 'resolved' },
            {
              title: t('stats.slaCompliance'),
              key: 'sla',
              render: (_: unknown, g) => percent(g.acknowledgementSla.complianceRate),
            },
            {
              title: t('stats.medianHours'),
              key: 'median',
              render: (_: unknown, g) => g.resolutionHours.median?.toFixed(1) ?? '—',
            },
            {
              title: t('stats.satisfaction'),
              key: 'satisfaction',
              render: (_: unknown, g) => g.satisfaction.mean?.toFixed(2) ?? '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}
