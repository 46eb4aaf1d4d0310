import type { ReactNode } from 'react';
import { Card, Col, Row, Statistic, Table, Tooltip } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import type { FundingRow, FundingView } from '../../../api/funders';
import { yuan } from '../../../format';
import { useI18n, type MessageKey } from '../../../i18n';

const money = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : yuan(fen));
const percentOf = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value}%`);

function Figure({
  id,
  title,
  value,
  hint,
  loading,
  color,
}: {
  id: string;
  title: MessageKey;
  value: string;
  hint?: string;
  loading: boolean;
  color?: string;
}) {
  const { t } = useI18n();
  return (
    <Card size="small" data-testid={`figure-${id}`}>
      <Statistic
        title={
          <span>
            {t(title)}
            {hint && (
              <Tooltip title={hint}>
                <InfoCircleOutlined style={{ marginInlineStart: 4 }} aria-label={hint} />
              </Tooltip>
            )}
          </span>
        }
        value={value}
        loading={loading}
        valueStyle={color ? { color } : undefined}
      />
    </Card>
  );
}

/**
 * The headline figures as statistic cards: the money (budget → committed → disbursed → spent, and
 * what is left), then how it burns and what a beneficiary or an hour of service costs.
 */
export function Figures({ view, loading }: { view: FundingView | undefined; loading: boolean }) {
  const { t } = useI18n();
  const totals = view?.totals;
  // Without a programme or funder the view names no budget: the listed programmes' budgets make it.
  const summed = totals && totals.budgetedFen === null;
  const budgeted = totals ? (totals.budgetedFen ?? view.programmes.reduce((s, p) => s + p.budgetFen, 0)) : null;
  const remaining = totals ? (totals.remainingFen ?? (budgeted ?? 0) - totals.committedFen) : null;
  const first: Array<[string, MessageKey, string, string | undefined, string | undefined]> = [
    [
      'budgeted',
      'funders.spending.budgeted',
      money(budgeted),
      summed ? t('funders.spending.budgetSummed') : undefined,
      undefined,
    ],
    ['committed', 'funders.spending.committed', money(totals?.committedFen), undefined, '#1677ff'],
    ['disbursed', 'funders.spending.disbursed', money(totals?.disbursedFen), undefined, '#389e0d'],
    ['spent', 'funders.spending.spent', money(totals?.spentFen), undefined, '#d46b08'],
    ['remaining', 'funders.spending.remaining', money(remaining), undefined, undefined],
  ];
  const second: Array<[string, MessageKey, string, string | undefined]> = [
    ['burn-rate', 'funders.spending.burnRate', percentOf(totals?.burnRatePercent), t('funders.spending.burnRateHint')],
    ['per-beneficiary', 'funders.spending.perBeneficiary', money(totals?.costPerBeneficiaryFen), undefined],
    ['per-hour', 'funders.spending.perHour', money(totals?.costPerServiceHourFen), undefined],
    [
      'tranches-due',
      'funders.spending.tranchesDue',
      view
        ? t('funders.spending.tranchesDueValue', {
            count: view.tranchesDue.count,
            amount: yuan(view.tranchesDue.amountFen),
          })
        : '—',
      undefined,
    ],
    [
      'service',
      'funders.spending.service',
      totals
        ? t('funders.spending.serviceValue', {
            hours: totals.serviceHours,
            records: totals.serviceRecords,
            people: totals.beneficiaries,
          })
        : '—',
      undefined,
    ],
  ];
  return (
    <>
      <Row gutter={[12, 12]}>
        {first.map(([id, title, value, hint, color]) => (
          <Col flex="1 1 200px" key={id}>
            <Figure
              id={id}
              title={title}
              value={value}
              loading={loading && !view}
              {...(hint ? { hint } : {})}
              {...(color ? { color } : {})}
            />
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        {second.map(([id, title, value, hint]) => (
          <Col flex="1 1 200px" key={id}>
            <Figure id={id} title={title} value={value} loading={loading && !view} {...(hint ? { hint } : {})} />
          </Col>
        ))}
      </Row>
    </>
  );
}

/** The figures per row of a breakdown, in yuan; `name` renders the row's name (a drill-down link). */
export function FiguresTable({
  rows,
  loading,
  name,
  testId,
}: {
  rows: FundingRow[];
  loading: boolean;
  name: (row: FundingRow) => ReactNode;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Table<FundingRow>
      data-testid={testId}
      size="small"
      rowKey="key"
      loading={loading}
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      scroll={{ x: 900 }}
      locale={{ emptyText: t('funders.spending.empty') }}
      columns={[
        { title: t('funders.spending.name'), key: 'name', render: (_: unknown, r) => name(r) },
        { title: t('funders.spending.committed'), dataIndex: 'committedFen', align: 'right', render: money },
        { title: t('funders.spending.disbursed'), dataIndex: 'disbursedFen', align: 'right', render: money },
        { title: t('funders.spending.spent'), dataIndex: 'spentFen', align: 'right', render: money },
        { title: t('funders.spending.burnRate'), dataIndex: 'burnRatePercent', align: 'right', render: percentOf },
        { title: t('funders.spending.serviceHours'), dataIndex: 'serviceHours', align: 'right' },
        { title: t('funders.spending.beneficiaries'), dataIndex: 'beneficiaries', align: 'right' },
        {
          title: t('funders.spending.perBeneficiary'),
          dataIndex: 'costPerBeneficiaryFen',
          align: 'right',
          render: money,
        },
        { title: t('funders.spending.perHour'), dataIndex: 'costPerServiceHourFen', align: 'right', render: money },
      ]}
    />
  );
}
