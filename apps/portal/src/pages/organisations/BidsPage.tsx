import { Link } from 'react-router';
import { Alert, Button, Card, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { NotLinked, PageTitle } from './common';
import { downloadReceipt, receiptStore, type KeptReceipt } from './receipts';

/**
 * 我的投标: the commitment receipts this browser keeps for the organisation (procurement has no
 * list of an organisation's own bids; each tender's page refreshes its receipt from the server).
 */
export default function BidsPage() {
  const { t, dateTime } = useI18n();
  const session = useSession();
  const organisationId = session?.principal.organisationId;
  if (!organisationId)
    return (
      <Card title={<PageTitle>{t('organisations.bids.title')}</PageTitle>}>
        <NotLinked />
      </Card>
    );
  const kept = receiptStore.list(organisationId);
  return (
    <Card title={<PageTitle>{t('organisations.bids.title')}</PageTitle>}>
      <Alert type="info" showIcon message={t('organisations.bids.hint')} style={{ marginBottom: 16 }} />
      <Table<KeptReceipt>
        rowKey="tenderId"
        dataSource={kept}
        pagination={false}
        locale={{ emptyText: t('organisations.bids.none') }}
        columns={[
          {
            title: t('organisations.tender.title'),
            dataIndex: 'tenderTitle',
            render: (title: string, k) => <Link to={`/org/tenders/${k.tenderId}`}>{title}</Link>,
          },
          {
            title: t('organisations.bid.status'),
            key: 'status',
            render: (_: unknown, k) => (
              <Tag color={k.receipt.status === 'submitted' ? 'blue' : 'default'}>
                {t(`organisations.bid.state.${k.receipt.status}`, { revision: k.receipt.revision })}
              </Tag>
            ),
          },
          {
            title: t('organisations.bid.submittedAt'),
            key: 'at',
            render: (_: unknown, k) => dateTime(k.receipt.submittedAt),
          },
          {
            title: t('organisations.bid.commitment'),
            key: 'commitment',
            render: (_: unknown, k) => (
              <Typography.Text code copyable={{ text: k.receipt.commitment }}>
                {`${k.receipt.commitment.slice(0, 16)}…`}
              </Typography.Text>
            ),
          },
          {
            title: '',
            key: 'download',
            render: (_: unknown, k) => (
              <Button icon={<DownloadOutlined />} onClick={() => downloadReceipt(k)}>
                {t('organisations.bid.download')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
