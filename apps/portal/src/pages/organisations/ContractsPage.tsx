import { Link } from 'react-router';
import { Card, Progress, Table } from 'antd';
import { organisationsApi, type ContractView } from '../../api/organisations';
import { yuan } from '../../format';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { ContractStatusTag, NotLinked, orgError, PageTitle } from './common';
import { useNames } from './reference';

/** 合同履约: the organisation's contracts (fulfilment shows an organisation only its own). */
export default function ContractsPage() {
  const { t, date } = useI18n();
  const session = useSession();
  const names = useNames();
  const list = useAsync((signal) => organisationsApi.contracts(signal), []);
  if (list.error && !list.data) return <LoadError message={orgError(list.error, t)} onRetry={list.reload} />;
  return (
    <Card title={<PageTitle>{t('organisations.contracts.title')}</PageTitle>}>
      {!session?.principal.organisationId && <NotLinked />}
      <Table<ContractView>
        rowKey="contractId"
        loading={list.loading}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('organisations.contracts.none') }}
        scroll={{ x: 960 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('organisations.contract.title'),
            dataIndex: 'title',
            render: (title: string, c) => <Link to={`/org/contracts/${c.contractId}`}>{title}</Link>,
          },
          { title: t('organisations.contract.category'), dataIndex: 'category', render: names.categoryName },
          {
            title: t('organisations.contract.value'),
            dataIndex: 'valueFen',
            align: 'right',
            render: (f: number) => yuan(f),
          },
          {
            title: t('organisations.contract.disbursed'),
            key: 'disbursed',
            render: (_: unknown, c) => (
              <Progress
                percent={c.valueFen > 0 ? Math.round((c.disbursedFen / c.valueFen) * 100) : 0}
                size="small"
                format={() => yuan(c.disbursedFen)}
              />
            ),
          },
          {
            title: t('organisations.contract.period'),
            key: 'period',
            render: (_: unknown, c) => `${date(c.period.startDate)} – ${date(c.period.endDate)}`,
          },
          {
            title: t('organisations.contract.needs'),
            key: 'needs',
            render: (_: unknown, c) =>
              t('organisations.contract.needsFulfilled', { done: c.fulfilledNeedIds.length, total: c.needIds.length }),
          },
          {
            title: t('organisations.contract.status'),
            dataIndex: 'status',
            render: (s: ContractView['status']) => <ContractStatusTag status={s} />,
          },
        ]}
      />
    </Card>
  );
}
