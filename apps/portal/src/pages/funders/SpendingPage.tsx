import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Card, Col, DatePicker, Dropdown, Empty, Row, Select, Space, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { fundersApi, type FundingBy } from '../../api/funders';
import { FundersChart } from '../../components/funders-chart';
import { errorMessage } from '../../errors';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { useKeyLabels } from './common';
import { AreaDrill } from './spending/AreaDrill';
import { barsOption, MONEY, monthlyOption } from './spending/charts';
import { useByProgramme, useMonthly, useOverview, useProgrammeOptions, type SpendingFilter } from './spending/data';
import { Figures } from './spending/Figures';

const EXPORTS: FundingBy[] = ['total', 'category', 'district', 'street', 'community', 'organisation'];

/**
 * Where the money is: budgeted, committed, disbursed, reported spent and remaining for a
 * programme or a funder, by programme, category, area (with drill-down), organisation and month.
 */
export default function SpendingPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const labels = useKeyLabels();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const filter: SpendingFilter = {
    programmeId: params.get('programmeId') ?? undefined,
    funderCode: params.get('funderCode') ?? undefined,
    period: /^\d{4}-\d{2}$/.test(params.get('period') ?? '') ? (params.get('period') ?? 'all') : 'all',
  };
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next);
  };

  const options = useProgrammeOptions();
  const overview = useOverview(filter);
  const byProgramme = useByProgramme(overview.data?.total.programmes, filter.period);
  const monthly = useMonthly(filter);
  const funders = [...new Set((options.data ?? []).map((p) => p.funderCode))];

  const programmeChart = useMemo(() => {
    const list = byProgramme.data ?? [];
    if (list.length === 0) return null;
    return barsOption(
      {
        names: list.map((p) => p.programme.name),
        rows: list.map((p) => ({ ...p.totals, budgetedFen: p.programme.budgetFen })),
        figures: ['budgetedFen', ...MONEY],
      },
      t,
    );
  }, [byProgramme.data, t]);
  const categoryChart = useMemo(() => {
    const rows = overview.data?.category.rows ?? [];
    if (rows.length === 0) return null;
    return barsOption({ names: rows.map((r) => labels.category(r.key)), rows, figures: MONEY }, t);
  }, [overview.data, labels, t]);
  const organisationChart = useMemo(() => {
    const rows = overview.data?.organisation.rows ?? [];
    if (rows.length === 0) return null;
    return barsOption({ names: rows.map((r) => r.label), rows, figures: MONEY, horizontal: true }, t);
  }, [overview.data, t]);
  const monthlyChart = useMemo(() => (monthly.data ? monthlyOption(monthly.data, t) : null), [monthly.data, t]);

  const exportCsv = async (by: FundingBy) => {
    setExporting(true);
    try {
      const name = await fundersApi.fundingCsv({ ...filter, by });
      void message.success(t('funders.spending.exported', { name }));
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setExporting(false);
    }
  };

  if (overview.error && !overview.data)
    return <LoadError message={errorMessage(overview.error, t)} onRetry={overview.reload} />;

  const chartCard = (title: string, option: ReturnType<typeof barsOption> | null, testId: string, height = 300) => (
    <Card size="small" title={title}>
      {option ? (
        <FundersChart option={option} label={title} height={height} testId={testId} />
      ) : (
        <Empty description={t('funders.spending.empty')} />
      )}
    </Card>
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('funders.spending.title')}
          </Typography.Title>
        }
        extra={
          <Space>
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('app.refresh')}
              onClick={() => {
                overview.reload();
                monthly.reload();
                byProgramme.reload();
              }}
            />
            <Dropdown
              trigger={['click']}
              menu={{
                items: EXPORTS.map((by) => ({ key: by, label: t(`funders.by.${by}`) })),
                onClick: ({ key }) => {
                  const by = EXPORTS.find((b) => b === key);
                  if (by) void exportCsv(by);
                },
              }}
            >
              <Button icon={<DownloadOutlined />} loading={exporting}>
                {t('funders.spending.export')}
              </Button>
            </Dropdown>
          </Space>
        }
      >
        <Space wrap role="search" aria-label={t('funders.spending.filters')}>
          <Select
            aria-label={t('funders.spending.programme')}
            style={{ width: 280 }}
            allowClear
            loading={options.loading}
            placeholder={t('funders.spending.allProgrammes')}
            value={filter.programmeId}
            onChange={(v?: string) => set({ programmeId: v })}
            options={(options.data ?? [])
              .filter((p) => !filter.funderCode || p.funderCode === filter.funderCode)
              .map((p) => ({ value: p.programmeId, label: p.name }))}
          />
          <Select
            aria-label={t('funders.spending.funder')}
            style={{ width: 180 }}
            allowClear
            placeholder={t('funders.spending.allFunders')}
            value={filter.funderCode}
            onChange={(v?: string) => set({ funderCode: v, programmeId: undefined })}
            options={funders.map((code) => ({ value: code, label: code }))}
          />
          <DatePicker
            picker="month"
            aria-label={t('funders.spending.period')}
            placeholder={t('funders.spending.allTime')}
            value={filter.period === 'all' ? null : dayjs(`${filter.period}-01`)}
            onChange={(d) => set({ period: d ? d.format('YYYY-MM') : undefined })}
          />
        </Space>
      </Card>

      <Figures view={overview.data?.total} loading={overview.loading} />

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          {chartCard(t('funders.spending.byProgramme'), programmeChart, 'programme-chart')}
        </Col>
        <Col xs={24} xl={12}>
          {chartCard(t('funders.spending.overTime'), monthlyChart, 'monthly-chart')}
        </Col>
        <Col xs={24} xl={12}>
          {chartCard(t('funders.spending.byCategory'), categoryChart, 'category-chart')}
        </Col>
        <Col xs={24} xl={12}>
          {chartCard(t('funders.spending.byOrganisation'), organisationChart, 'organisation-chart')}
        </Col>
      </Row>
      <AreaDrill filter={filter} />
    </Space>
  );
}
