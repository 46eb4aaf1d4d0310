import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  List,
  Progress,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CheckOutlined, PayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { officialsApi, type ContractView } from '../../api/officials';
import { hasRole } from '../../auth/session';
import { yuan } from '../../format';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { problemText } from './errors';
import { trancheState, TrancheStateTag, useCategoryName, columns } from './tags';

type Tranche = ContractView['tranches'][number];
type Filter = 'due' | 'open' | 'all';

const MILESTONE_COLOR = { pending: 'default', accepted: 'success', failed: 'error' } as const;

const payable = (c: ContractView) => c.tranches.filter((tr) => trancheState(c, tr) === 'payable');
const unpaid = (c: ContractView) => c.tranches.some((tr) => tr.status === 'scheduled');

function ContractCard({
  contract,
  canDisburse,
  canAccept,
  onChanged,
}: {
  contract: ContractView;
  canDisburse: boolean;
  canAccept: boolean;
  onChanged: (contract: ContractView) => void;
}) {
  const { t, date, dateTime } = useI18n();
  const { message, modal } = App.useApp();
  const categoryName = useCategoryName();
  const [busy, setBusy] = useState<string | null>(null);
  const disbursedPercent = contract.valueFen === 0 ? 0 : Math.round((contract.disbursedFen / contract.valueFen) * 100);

  const act = async (key: string, work: () => Promise<ContractView>, done: Parameters<typeof t>[0]) => {
    setBusy(key);
    try {
      onChanged(await work());
      void message.success(t(done));
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setBusy(null);
    }
  };

  const approve = (tranche: Tranche, index: number) =>
    modal.confirm({
      title: t('officials.tranches.confirmTitle'),
      content: t('officials.tranches.confirmBody', {
        amount: yuan(tranche.amountFen),
        name: contract.organisationName,
        n: index + 1,
        disbursed: yuan(contract.disbursedFen),
        after: yuan(contract.disbursedFen + tranche.amountFen),
        value: yuan(contract.valueFen),
      }),
      okText: t('officials.tranches.approve'),
      cancelText: t('app.cancel'),
      onOk: () =>
        act(
          tranche.trancheId,
          () => officialsApi.disburse(contract.contractId, tranche.trancheId),
          'officials.tranches.approved',
        ),
    });

  return (
    <Card
      title={
        <Space wrap>
          <Typography.Text strong>{contract.title}</Typography.Text>
          <Typography.Text type="secondary">{contract.organisationName}</Typography.Text>
          {contract.status !== 'active' && <Tag>{t(`officials.contractStatus.${contract.status}`)}</Tag>}
        </Space>
      }
      data-testid="contract"
      data-contract-id={contract.contractId}
    >
      <Space size="large" wrap style={{ marginBottom: 16 }}>
        <Statistic title={t('officials.tranches.value')} value={yuan(contract.valueFen)} />
        <Statistic title={t('officials.tranches.disbursed')} value={yuan(contract.disbursedFen)} />
        <Statistic title={t('officials.tranches.remaining')} value={yuan(contract.valueFen - contract.disbursedFen)} />
        <Progress
          type="circle"
          size={64}
          percent={disbursedPercent}
          aria-label={t('officials.tranches.disbursedShare')}
        />
      </Space>
      <Descriptions size="small" column={columns(3)} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('officials.project.category')}>{categoryName(contract.category)}</Descriptions.Item>
        <Descriptions.Item label={t('officials.tranches.period')}>
          {`${date(contract.period.startDate)} – ${date(contract.period.endDate)}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('officials.tranches.source')}>
          {t(`officials.tranches.source.${contract.source.kind}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('officials.tranches.milestones')} span={3}>
          <Space wrap>
            {contract.milestones.map((m) => (
              <Space key={m.milestoneId} size={4}>
                <Tag color={MILESTONE_COLOR[m.status]} data-milestone={m.kind} data-milestone-status={m.status}>
                  {`${t(`officials.milestone.${m.kind}`)}：${t(`officials.milestoneStatus.${m.status}`)}`}
                </Tag>
                {canAccept && m.kind === 'signing' && m.status === 'pending' && contract.status === 'active' && (
                  <Button
                    size="small"
                    icon={<CheckOutlined />}
                    loading={busy === m.milestoneId}
                    onClick={() =>
                      void act(
                        m.milestoneId,
                        () => officialsApi.acceptMilestone(contract.contractId, m.milestoneId),
                        'officials.tranches.signingAccepted',
                      )
                    }
                  >
                    {t('officials.tranches.acceptSigning')}
                  </Button>
                )}
              </Space>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Table<Tranche>
        size="small"
        rowKey="trancheId"
        pagination={false}
        dataSource={contract.tranches}
        data-testid="tranches"
        columns={[
          { title: '#', key: 'n', width: 48, render: (_: unknown, _tr, i) => i + 1 },
          {
            title: t('officials.tranches.gate'),
            dataIndex: 'milestone',
            render: (m: Tranche['milestone']) => t(`officials.milestone.${m}`),
          },
          {
            title: t('officials.tranches.percent'),
            dataIndex: 'percent',
            align: 'right',
            render: (p: number) => `${p}%`,
          },
          {
            title: t('officials.tranches.amount'),
            dataIndex: 'amountFen',
            align: 'right',
            render: (f: number) => yuan(f),
          },
          {
            title: t('officials.tranches.state'),
            key: 'state',
            render: (_: unknown, tr) => <TrancheStateTag state={trancheState(contract, tr)} />,
          },
          {
            title: t('officials.tranches.paid'),
            key: 'paid',
            render: (_: unknown, tr) =>
              tr.disbursedAt
                ? t('officials.tranches.paidBy', { at: dateTime(tr.disbursedAt), by: tr.approvedBy ?? '—' })
                : '—',
          },
          {
            title: t('officials.tranches.action'),
            key: 'action',
            render: (_: unknown, tr, i) =>
              canDisburse && trancheState(contract, tr) === 'payable' ? (
                <Button
                  type="primary"
                  size="small"
                  icon={<PayCircleOutlined />}
                  loading={busy === tr.trancheId}
                  onClick={() => approve(tr, i)}
                  aria-label={t('officials.tranches.approveN', { n: i + 1 })}
                >
                  {t('officials.tranches.approve')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

/** Tranche approvals: each contract's gates, what is paid, what may be paid now and what a failed gate holds. */
export default function TranchesPage() {
  const { t } = useI18n();
  const session = useSession();
  const contracts = useAsync((signal) => officialsApi.contracts(signal), []);
  const [changed, setChanged] = useState<Record<string, ContractView>>({});
  const [filter, setFilter] = useState<Filter>('open');
  // The fulfilment API lets funders and officials pay; administrators and officials accept the signing gate.
  const canDisburse = hasRole(session?.principal, ['funder', 'official']);
  const canAccept = hasRole(session?.principal, ['official', 'admin']);

  if (contracts.error && !contracts.data)
    return <LoadError message={problemText(contracts.error, t)} onRetry={contracts.reload} />;

  const all = (contracts.data ?? []).map((c) => changed[c.contractId] ?? c);
  const shown = all.filter((c) =>
    filter === 'all' ? true : filter === 'due' ? payable(c).length > 0 : c.status === 'active' && unpaid(c),
  );
  // Contracts with something to pay first.
  shown.sort((a, b) => payable(b).length - payable(a).length);
  const due = all.flatMap(payable);

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('officials.tranches.title')}
        </Typography.Title>
      }
      extra={
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            setChanged({});
            contracts.reload();
          }}
          aria-label={t('app.refresh')}
        />
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap size="large">
          <Segmented<Filter>
            aria-label={t('officials.tranches.filter')}
            value={filter}
            onChange={setFilter}
            options={(['due', 'open', 'all'] as const).map((value) => ({
              value,
              label: t(`officials.tranches.filter.${value}`),
            }))}
          />
          <Typography.Text data-testid="due-summary">
            {t('officials.tranches.dueSummary', {
              count: due.length,
              amount: yuan(due.reduce((s, tr) => s + tr.amountFen, 0)),
            })}
          </Typography.Text>
        </Space>
        <List
          loading={contracts.loading}
          dataSource={shown}
          locale={{ emptyText: <Empty description={t('officials.tranches.empty')} /> }}
          renderItem={(c) => (
            <List.Item key={c.contractId} style={{ display: 'block', border: 'none', padding: '8px 0' }}>
              <ContractCard
                contract={c}
                canDisburse={canDisburse}
                canAccept={canAccept}
                onChanged={(next) => setChanged((m) => ({ ...m, [next.contractId]: next }))}
              />
            </List.Item>
          )}
        />
      </Space>
    </Card>
  );
}
