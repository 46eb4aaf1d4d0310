import { Link } from 'react-router';
import { Alert, Button, Card, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { organisationsApi } from '../../api/organisations';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { NotLinked, PageTitle } from './common';
import { downloadReceipt, receiptStore, type KeptReceipt } from './receipts';

/**
 * 我的投标: the organisation's bids as procurement lists them (receipts and commitments, never
 * content), named by their tenders; a receipt this browser also kept adds nothing new but the
 * download stays offered for the organisation's own archive.
 */
export default function BidsPage() {
  const session = useSession();
  const organisationId = session?.principal.organisationId;
  return organisationId ? <LinkedBids organisationId={organisationId} /> : <UnlinkedBids />;
}

function UnlinkedBids() {
  const { t } = useI18n();
  return (
    <Card title={<PageTitle>{t('organisations.bids.title')}</PageTitle>}>
      <NotLinked />
    </Card>
  );
}

function LinkedBids({ organisationId }: { organisationId: string }) {
  const { t, dateTime } = useI18n();
  const bids = useAsync(
    async (signal) => {
      const [mine, tenders] = await Promise.all([
        organisationsApi.myBids(signal),
        organisationsApi.tenders({}, signal),
      ]);
      const titles = new Map(tenders.map((x) => [x.tenderId, x.title]));
      const keptTitles = new Map(receiptStore.list(organisationId).map((k) => [k.tenderId, k.tenderTitle]));
      return mine.map((receipt): KeptReceipt => ({
        tenderId: receipt.tenderId,
        tenderTitle: titles.get(receipt.tenderId) ?? keptTitles.get(receipt.tenderId) ?? receipt.tenderId,
        receipt,
        keptAt: receipt.submittedAt,
      }));
    },
    [organisationId],
  );
  const kept = bids.data ?? [];
  return (
    <Card title={<PageTitle>{t('organisations.bids.title')}</PageTitle>}>
      <Alert type="info" showIcon message={t('organisations.bids.hint')} style={{ marginBottom: 16 }} />
      <Table<KeptReceipt>
        rowKey={(k) => k.receipt.bidId}
        loading={bids.loading}
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
