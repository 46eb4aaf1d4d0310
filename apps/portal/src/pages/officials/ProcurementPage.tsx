import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Space, Table, Tabs, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { officialsApi, type RoundView, type TenderView } from '../../api/officials';
import { yuan } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { problemText } from './errors';
import { OpenRoundModal } from './OpenRoundModal';
import { OpenTenderModal } from './OpenTenderModal';
import { RoundStatusTag, TenderStatusTag } from './tags';

function TendersTable({ tenders, loading }: { tenders: TenderView[]; loading: boolean }) {
  const { t, dateTime } = useI18n();
  return (
    <Table<TenderView>
      rowKey="tenderId"
      loading={loading}
      dataSource={tenders}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('officials.tenders.empty') }}
      scroll={{ x: 900 }}
      columns={[
        {
          title: t('officials.tender.title'),
          dataIndex: 'title',
          render: (title: string, tender) => (
            <Link to={`/officials/procurement/tenders/${tender.tenderId}`}>
              {tender.attempt > 1 ? t('officials.tender.attemptTitle', { title, attempt: tender.attempt }) : title}
            </Link>
          ),
        },
        { title: t('officials.tender.method'), dataIndex: 'methodDetails' },
        {
          title: t('officials.tender.status'),
          dataIndex: 'status',
          render: (s: TenderView['status']) => <TenderStatusTag status={s} />,
        },
        { title: t('officials.tender.deadline'), dataIndex: 'deadline', render: (d: string) => dateTime(d) },
        {
          title: t('officials.tender.bids'),
          dataIndex: 'bidCount',
          align: 'right',
          // Sealed until the deadline: not even the number is told.
          render: (n: number | null) => (n === null ? t('officials.tender.sealed') : n),
        },
        {
          title: t('officials.tender.ceiling'),
          dataIndex: 'budgetCeilingFen',
          align: 'right',
          render: (fen: number) => yuan(fen),
        },
        {
          title: t('officials.tender.awardee'),
          key: 'award',
          render: (_: unknown, tender) => tender.award?.organisationName ?? '—',
        },
      ]}
    />
  );
}

function RoundsTable({ rounds, loading }: { rounds: RoundView[]; loading: boolean }) {
  const { t, dateTime } = useI18n();
  return (
    <Table<RoundView>
      rowKey="roundId"
      loading={loading}
      dataSource={rounds}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: t('officials.rounds.empty') }}
      scroll={{ x: 800 }}
      columns={[
        {
          title: t('officials.round.title'),
          dataIndex: 'title',
          render: (title: string, r) => <Link to={`/officials/procurement/rounds/${r.roundId}`}>{title}</Link>,
        },
        {
          title: t('officials.round.status'),
          dataIndex: 'status',
          render: (s: RoundView['status']) => <RoundStatusTag status={s} />,
        },
        { title: t('officials.round.deadline'), dataIndex: 'deadline', render: (d: string) => dateTime(d) },
        { title: t('officials.round.budget'), dataIndex: 'budgetFen', align: 'right', render: (f: number) => yuan(f) },
        {
          title: t('officials.round.applications'),
          dataIndex: 'applicationCount',
          align: 'right',
          render: (n: number | null) => n ?? '—',
        },
        {
          title: t('officials.round.awarded'),
          dataIndex: 'awardedFen',
          align: 'right',
          render: (f: number | null) => (f === null ? '—' : yuan(f)),
        },
      ]}
    />
  );
}

/** Tenders (government purchase) and venture-funding rounds: their state, opening new ones. */
export default function ProcurementPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'rounds' ? 'rounds' : 'tenders';
  const tenders = useAsync((signal) => officialsApi.tenders({}, signal), []);
  const rounds = useAsync((signal) => officialsApi.rounds(signal), []);
  const [opening, setOpening] = useState<'tender' | 'round' | null>(null);
  const current = tab === 'rounds' ? rounds : tenders;

  if (current.error && !current.data)
    return <LoadError message={problemText(current.error, t)} onRetry={current.reload} />;

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('officials.procurement.title')}
        </Typography.Title>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={current.reload} aria-label={t('app.refresh')} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening('tender')}>
            {t('officials.open.tenderButton')}
          </Button>
          <Button icon={<PlusOutlined />} onClick={() => setOpening('round')}>
            {t('officials.openRound.button')}
          </Button>
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'rounds' ? { tab: 'rounds' } : {})}
        items={[
          {
            key: 'tenders',
            label: t('officials.tenders.tab'),
            children: <TendersTable tenders={tenders.data ?? []} loading={tenders.loading} />,
          },
          {
            key: 'rounds',
            label: t('officials.rounds.tab'),
            children: <RoundsTable rounds={rounds.data ?? []} loading={rounds.loading} />,
          },
        ]}
      />
      <OpenTenderModal
        open={opening === 'tender'}
        onClose={() => setOpening(null)}
        onOpened={(opened) => {
          setOpening(null);
          if (opened.tenderId) void navigate(`/officials/procurement/tenders/${opened.tenderId}`);
          else if (opened.roundId) void navigate(`/officials/procurement/rounds/${opened.roundId}`);
          else {
            tenders.reload();
            rounds.reload();
          }
        }}
      />
      <OpenRoundModal
        open={opening === 'round'}
        onClose={() => setOpening(null)}
        onOpened={(round) => {
          setOpening(null);
          void navigate(`/officials/procurement/rounds/${round.roundId}`);
        }}
      />
    </Card>
  );
}
