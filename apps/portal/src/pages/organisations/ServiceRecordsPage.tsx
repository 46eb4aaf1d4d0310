import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Card, DatePicker, Select, Skeleton, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { organisationsApi, type ContractView, type ServiceRecordView } from '../../api/organisations';
import { hasRole } from '../../auth/session';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { needLabel, NotLinked, orgError, PageTitle } from './common';
import { ContractPicker } from './ContractPicker';
import { SERVICE_TYPES, ServiceDayForm } from './ServiceDayForm';

const isServiceType = (s: string): s is (typeof SERVICE_TYPES)[number] =>
  (SERVICE_TYPES as readonly string[]).includes(s);

function RecordList({ contract, version }: { contract: ContractView; version: number }) {
  const { t, dateTime } = useI18n();
  const [confirmed, setConfirmed] = useState<'true' | 'false' | undefined>(undefined);
  const [day, setDay] = useState<Dayjs | null>(null);
  const deliveredOn = day?.format('YYYY-MM-DD');
  const list = useAsync(
    (signal) =>
      organisationsApi.records(
        contract.contractId,
        { ...(confirmed ? { confirmed } : {}), ...(deliveredOn ? { deliveredOn } : {}) },
        signal,
      ),
    [contract.contractId, confirmed, deliveredOn, version],
  );
  return (
    <Card
      title={t('organisations.records.list')}
      extra={
        <Space wrap>
          <Select
            aria-label={t('organisations.records.confirmedFilter')}
            style={{ width: 160 }}
            allowClear
            placeholder={t('organisations.records.anyConfirmation')}
            value={confirmed}
            onChange={(v?: 'true' | 'false') => setConfirmed(v)}
            options={[
              { value: 'true', label: t('organisations.records.confirmed') },
              { value: 'false', label: t('organisations.records.unconfirmed') },
            ]}
          />
          <DatePicker
            aria-label={t('organisations.records.deliveredOn')}
            value={day}
            onChange={(d: Dayjs | null) => setDay(d)}
          />
        </Space>
      }
    >
      {list.error ? (
        <Alert type="error" showIcon message={orgError(list.error, t)} />
      ) : (
        <Table<ServiceRecordView>
          size="small"
          rowKey="recordId"
          loading={list.loading}
          dataSource={list.data ?? []}
          data-testid="records"
          locale={{ emptyText: t('organisations.records.none') }}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('organisations.records.deliveredOn'), dataIndex: 'deliveredOn' },
            {
              title: t('organisations.records.col.needId'),
              dataIndex: 'needId',
              render: (id: string) => needLabel(contract, id, t),
            },
            { title: t('organisations.records.col.hours'), dataIndex: 'hours', align: 'right' },
            {
              title: t('organisations.records.col.serviceType'),
              dataIndex: 'serviceType',
              render: (s: string) => (isServiceType(s) ? t(`organisations.serviceType.${s}`) : s),
            },
            { title: t('organisations.records.col.place'), dataIndex: 'place' },
            { title: t('organisations.records.col.notes'), dataIndex: 'notes' },
            {
              title: t('organisations.records.col.completesNeed'),
              dataIndex: 'completesNeed',
              render: (c: boolean) => (c ? t('app.yes') : t('app.no')),
            },
            {
              title: t('organisations.records.confirmation'),
              dataIndex: 'confirmed',
              render: (c: boolean) =>
                c ? (
                  <Tag color="green">{t('organisations.records.confirmed')}</Tag>
                ) : (
                  <Tag color="orange">{t('organisations.records.unconfirmed')}</Tag>
                ),
            },
            {
              title: t('organisations.records.recordedAt'),
              dataIndex: 'recordedAt',
              render: (at: string) => dateTime(at),
            },
          ]}
        />
      )}
    </Card>
  );
}

function ContractRecords({ contractId }: { contractId: string }) {
  const { t } = useI18n();
  const session = useSession();
  const contract = useAsync((signal) => organisationsApi.contract(contractId, signal), [contractId]);
  const [version, setVersion] = useState(0);
  if (contract.error && !contract.data)
    return <LoadError message={orgError(contract.error, t)} onRetry={contract.reload} />;
  const c = contract.data;
  if (!c) return <Skeleton active />;
  const worker = hasRole(session?.principal, ['social_worker']);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {worker && c.status === 'active' && (
        <Card title={t('organisations.records.dayTitle', { title: c.title })}>
          <ServiceDayForm contract={c} onRecorded={() => setVersion((v) => v + 1)} />
        </Card>
      )}
      {worker && c.status !== 'active' && <Alert type="info" showIcon message={t('organisations.records.notActive')} />}
      <RecordList contract={c} version={version} />
    </Space>
  );
}

/** 服务记录: social workers log a day's services on a contract; the organisation reads them. */
export default function ServiceRecordsPage() {
  const { contractId } = useParams();
  const { t } = useI18n();
  const session = useSession();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<PageTitle>{t('organisations.records.title')}</PageTitle>}>
        {session?.principal.organisationId ? (
          <ContractPicker base="/org/records" contractId={contractId} />
        ) : (
          <NotLinked />
        )}
      </Card>
      {contractId && <ContractRecords contractId={contractId} />}
    </Space>
  );
}
