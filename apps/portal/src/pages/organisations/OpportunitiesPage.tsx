import { Link, useSearchParams } from 'react-router';
import { Alert, Card, Space, Switch, Table, Tabs, Tag } from 'antd';
import { organisationsApi, type RoundView, type TenderView } from '../../api/organisations';
import { yuan } from '../../format';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { KindText, NotLinked, orgError, PageTitle, TenderStatusTag } from './common';
import { tenderHints } from './eligibility';
import { HintTag } from './HintList';
import { receiptStore } from './receipts';
import { useMyOrganisation, useNames } from './reference';

const OPEN: readonly TenderView['status'][] = ['enquiry', 'tendering'];

function Tenders({ showAll }: { showAll: boolean }) {
  const { t, dateTime } = useI18n();
  const names = useNames();
  const mine = useMyOrganisation();
  const list = useAsync((signal) => organisationsApi.tenders({}, signal), []);
  if (list.error && !list.data) return <LoadError message={orgError(list.error, t)} onRetry={list.reload} />;
  const items = (list.data ?? []).filter((x) => showAll || OPEN.includes(x.status));
  const org = mine.data;
  return (
    <Table<TenderView>
      rowKey="tenderId"
      loading={list.loading}
      dataSource={items}
      locale={{ emptyText: t('organisations.opportunities.noTenders') }}
      scroll={{ x: 1000 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        {
          title: t('organisations.tender.title'),
          dataIndex: 'title',
          render: (title: string, x) => <Link to={`/org/tenders/${x.tenderId}`}>{title}</Link>,
        },
        { title: t('organisations.tender.category'), dataIndex: 'category', render: names.categoryName },
        { title: t('organisations.tender.method'), dataIndex: 'methodDetails' },
        {
          title: t('organisations.tender.ceiling'),
          dataIndex: 'budgetCeilingFen',
          align: 'right',
          render: (fen: number) => yuan(fen),
        },
        {
          title: t('organisations.tender.communities'),
          dataIndex: 'communityCodes',
          render: (codes: string[]) => codes.map((c) => <Tag key={c}>{names.areaName(c)}</Tag>),
        },
        { title: t('organisations.tender.deadline'), dataIndex: 'deadline', render: (d: string) => dateTime(d) },
        {
          title: t('organisations.tender.status'),
          dataIndex: 'status',
          render: (s: TenderView['status']) => <TenderStatusTag status={s} />,
        },
        {
          title: t('organisations.tender.fit'),
          key: 'fit',
          render: (_: unknown, x) => (org ? <HintTag hints={tenderHints(org, x)} /> : '—'),
        },
        {
          title: t('organisations.tender.myBid'),
          key: 'myBid',
          render: (_: unknown, x) => {
            const kept = mine.organisationId ? receiptStore.forTender(mine.organisationId, x.tenderId) : undefined;
            return kept ? (
              <Tag color={kept.receipt.status === 'submitted' ? 'blue' : 'default'}>
                {t(`organisations.bid.state.${kept.receipt.status}`, { revision: kept.receipt.revision })}
              </Tag>
            ) : (
              '—'
            );
          },
        },
      ]}
    />
  );
}

function Rounds({ showAll }: { showAll: boolean }) {
  const { t, dateTime } = useI18n();
  const names = useNames();
  const mine = useMyOrganisation();
  const list = useAsync((signal) => organisationsApi.rounds(signal), []);
  if (list.error && !list.data) return <LoadError message={orgError(list.error, t)} onRetry={list.reload} />;
  const items = (list.data ?? []).filter((r) => showAll || r.status === 'open');
  const kind = mine.data?.kind ?? null;
  return (
    <Table<RoundView>
      rowKey="roundId"
      loading={list.loading}
      dataSource={items}
      locale={{ emptyText: t('organisations.opportunities.noRounds') }}
      scroll={{ x: 900 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        {
          title: t('organisations.round.title'),
          dataIndex: 'title',
          render: (title: string, r) => <Link to={`/org/rounds/${r.roundId}`}>{title}</Link>,
        },
        {
          title: t('organisations.round.categories'),
          dataIndex: 'categories',
          render: (cs: string[]) => cs.map((c) => <Tag key={c}>{names.categoryName(c)}</Tag>),
        },
        {
          title: t('organisations.round.budget'),
          dataIndex: 'budgetFen',
          align: 'right',
          render: (f: number) => yuan(f),
        },
        {
          title: t('organisations.round.maxGrant'),
          dataIndex: 'maxGrantFen',
          align: 'right',
          render: (f: number | null) => (f === null ? '—' : yuan(f)),
        },
        { title: t('organisations.round.deadline'), dataIndex: 'deadline', render: (d: string) => dateTime(d) },
        {
          title: t('organisations.round.status'),
          dataIndex: 'status',
          render: (s: RoundView['status']) => <Tag>{t(`organisations.roundStatus.${s}`)}</Tag>,
        },
        {
          title: t('organisations.round.eligibleKinds'),
          dataIndex: 'eligibleKinds',
          render: (kinds: string[]) =>
            kinds.map((k) => (
              <Tag key={k} color={k === kind ? 'green' : undefined}>
                <KindText kind={k} />
              </Tag>
            )),
        },
      ]}
    />
  );
}

/**
 * 项目机会: open tenders and venture-funding rounds, each tender with how the organisation
 * stands against its automatic checks and how well it fits.
 */
export default function OpportunitiesPage() {
  const { t } = useI18n();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'rounds' ? 'rounds' : 'tenders';
  const showAll = params.get('all') === '1';
  const set = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  return (
    <Card
      title={<PageTitle>{t('organisations.opportunities.title')}</PageTitle>}
      extra={
        <Space>
          <Switch id="show-all" checked={showAll} onChange={(on) => set('all', on ? '1' : null)} />
          <label htmlFor="show-all">{t('organisations.opportunities.showAll')}</label>
        </Space>
      }
    >
      {!session?.principal.organisationId && <NotLinked />}
      <Alert type="info" showIcon message={t('organisations.opportunities.hint')} style={{ margin: '12px 0' }} />
      <Tabs
        activeKey={tab}
        onChange={(key) => set('tab', key === 'rounds' ? 'rounds' : null)}
        items={[
          { key: 'tenders', label: t('organisations.opportunities.tenders'), children: <Tenders showAll={showAll} /> },
          { key: 'rounds', label: t('organisations.opportunities.rounds'), children: <Rounds showAll={showAll} /> },
        ]}
      />
    </Card>
  );
}
