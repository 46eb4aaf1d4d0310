import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, EditOutlined, RollbackOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { organisationsApi, Procurement, type TenderView } from '../../api/organisations';
import { yuan } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { fenOf, orgError, TWO_COLUMNS, verdict } from './common';
import { downloadReceipt, receiptStore, type KeptReceipt } from './receipts';

interface BidValues {
  priceYuan?: number;
  proposal?: string;
}

function ReceiptCard({ kept }: { kept: KeptReceipt }) {
  const { t, dateTime } = useI18n();
  const { receipt } = kept;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="bid-receipt">
      <Descriptions column={TWO_COLUMNS} bordered size="small">
        <Descriptions.Item label={t('organisations.bid.status')}>
          <Tag color={receipt.status === 'submitted' ? 'blue' : 'default'} data-bid-status={receipt.status}>
            {t(`organisations.bid.state.${receipt.status}`, { revision: receipt.revision })}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.bid.submittedAt')}>
          {dateTime(receipt.submittedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.bid.commitment')} span={2}>
          <Typography.Text code copyable={{ text: receipt.commitment }} style={{ wordBreak: 'break-all' }}>
            <span data-testid="commitment">{receipt.commitment}</span>
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.bid.bidId')} span={2}>
          <Typography.Text type="secondary">
            <span data-testid="bid-id">{receipt.bidId}</span>
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="revision"
        pagination={false}
        dataSource={[...receipt.commitmentHistory].reverse()}
        aria-label={t('organisations.bid.history')}
        columns={[
          { title: t('organisations.bid.revision'), dataIndex: 'revision', width: 90 },
          {
            title: t('organisations.bid.commitment'),
            dataIndex: 'commitment',
            render: (c: string) => <Typography.Text code>{`${c.slice(0, 16)}…${c.slice(-8)}`}</Typography.Text>,
          },
          { title: t('organisations.bid.at'), dataIndex: 'at', render: (at: string) => dateTime(at) },
          {
            title: t('organisations.bid.current'),
            dataIndex: 'superseded',
            render: (s: boolean) =>
              s ? (
                <Tag>{t('organisations.bid.superseded')}</Tag>
              ) : (
                <Tag color="blue">{t('organisations.bid.latest')}</Tag>
              ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('organisations.bid.receiptHint')}
      </Typography.Paragraph>
    </Space>
  );
}

/** After opening: the commitment procurement published for this organisation, against the receipt kept. */
function CommitmentCheck({
  tender,
  organisationId,
  kept,
}: {
  tender: TenderView;
  organisationId: string;
  kept?: KeptReceipt;
}) {
  const { t, dateTime } = useI18n();
  const published = useAsync((signal) => organisationsApi.commitments(tender.tenderId, signal), [tender.tenderId]);
  if (published.loading && !published.data) return null;
  if (published.error) return <Alert type="error" showIcon message={orgError(published.error, t)} />;
  const mine = published.data?.items.find((c) => c.organisationId === organisationId);
  if (!mine) return <Alert type="info" showIcon message={t('organisations.bid.noPublished')} />;
  const at = dateTime(published.data?.closedAt);
  if (!kept)
    return (
      <Alert
        type="info"
        showIcon
        message={t('organisations.bid.publishedNoReceipt', { at })}
        description={<Typography.Text code>{mine.commitment}</Typography.Text>}
      />
    );
  const latest = mine.commitment === kept.receipt.commitment;
  const earlier = !latest && mine.history.some((h) => h.commitment === kept.receipt.commitment);
  return (
    <Alert
      data-testid="commitment-check"
      type={latest ? 'success' : earlier ? 'warning' : 'error'}
      showIcon
      icon={<SafetyCertificateOutlined />}
      message={t(
        latest
          ? 'organisations.bid.matches'
          : earlier
            ? 'organisations.bid.matchesEarlier'
            : 'organisations.bid.mismatch',
        { at },
      )}
      description={
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {mine.commitment}
        </Typography.Text>
      }
    />
  );
}

/**
 * The organisation's sealed bid: price (yuan, sent as fen) and proposal, sealed by procurement
 * before it is stored; the commitment receipt is kept in this browser and can be downloaded.
 * Revise (a new commitment, the history kept) or withdraw until the deadline; after opening,
 * the published commitment is checked against the receipt.
 */
export function BidPanel({ tender, organisationId }: { tender: TenderView; organisationId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<BidValues>();
  const [kept, setKept] = useState<KeptReceipt | undefined>(() =>
    receiptStore.forTender(organisationId, tender.tenderId),
  );
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Bids are taken through the enquiry period (public status 'enquiry') and after it until the deadline.
  const open = tender.status === 'enquiry' || tender.status === 'tendering';
  const opened = tender.closedAt !== null;

  // The server's receipt is the truth (a revision from another browser, a withdrawal): refresh the kept one.
  const bidId = kept?.receipt.bidId;
  useEffect(() => {
    if (!bidId) return;
    const controller = new AbortController();
    organisationsApi.receipt(tender.tenderId, bidId, controller.signal).then(
      (receipt) => setKept(receiptStore.keep(organisationId, tender.title, receipt)),
      () => undefined,
    );
    return () => controller.abort();
  }, [bidId, organisationId, tender.tenderId, tender.title]);

  const submit = async (values: BidValues) => {
    setFailure(null);
    const body = { priceFen: fenOf(values.priceYuan ?? 0), proposal: values.proposal?.trim() ?? '' };
    const checked = Procurement.SubmitBidRequest.safeParse(body);
    if (!checked.success) {
      setFailure(checked.error.issues[0]?.message ?? t('app.error'));
      return;
    }
    setBusy(true);
    try {
      const receipt = await organisationsApi.submitBid(tender.tenderId, body);
      setKept(receiptStore.keep(organisationId, tender.title, receipt));
      setEditing(false);
      form.resetFields();
      void message.success(t(receipt.revision > 1 ? 'organisations.bid.revised' : 'organisations.bid.submitted'));
    } catch (e) {
      setFailure(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async () => {
    if (!kept) return;
    setBusy(true);
    try {
      const receipt = await organisationsApi.withdrawBid(tender.tenderId, kept.receipt.bidId);
      setKept(receiptStore.keep(organisationId, tender.title, receipt));
      void message.success(t('organisations.bid.withdrawn'));
    } catch (e) {
      void message.error(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };

  const showForm = open && (editing || !kept);
  const ceiling = tender.budgetCeilingFen;
  return (
    <Card
      title={t('organisations.bid.title')}
      extra={
        kept && (
          <Space wrap>
            <Button icon={<DownloadOutlined />} onClick={() => downloadReceipt(kept)}>
              {t('organisations.bid.download')}
            </Button>
            {open && !editing && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {kept.receipt.status === 'withdrawn' ? t('organisations.bid.resubmit') : t('organisations.bid.revise')}
              </Button>
            )}
            {open && kept.receipt.status === 'submitted' && (
              <Popconfirm
                title={t('organisations.bid.withdrawConfirm')}
                okText={t('app.confirm')}
                cancelText={t('app.cancel')}
                onConfirm={() => void withdraw()}
              >
                <Button danger icon={<RollbackOutlined />} loading={busy && !editing}>
                  {t('organisations.bid.withdraw')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        {!open && !kept && !opened && <Alert type="info" showIcon message={t('organisations.bid.notOpen')} />}
        {kept && <ReceiptCard kept={kept} />}
        {opened && <CommitmentCheck tender={tender} organisationId={organisationId} {...(kept ? { kept } : {})} />}
        {showForm && (
          <Form<BidValues>
            form={form}
            layout="vertical"
            onFinish={(v) => void submit(v)}
            onValuesChange={() => setFailure(null)}
          >
            <Alert type="info" showIcon message={t('organisations.bid.sealedHint')} style={{ marginBottom: 16 }} />
            {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 16 }} />}
            <Form.Item
              name="priceYuan"
              label={t('organisations.bid.price')}
              extra={t('organisations.bid.ceiling', { ceiling: yuan(ceiling) })}
              rules={[
                { required: true, message: t('organisations.validation.price') },
                { type: 'number', min: 0.01, message: t('organisations.validation.price') },
                {
                  warningOnly: true,
                  validator: (_r, v: number | undefined) =>
                    verdict(v !== undefined && fenOf(v) > ceiling ? t('organisations.bid.aboveCeiling') : null),
                },
              ]}
            >
              <InputNumber min={0} precision={2} step={1000} prefix="¥" style={{ width: 240 }} />
            </Form.Item>
            <Form.Item
              name="proposal"
              label={t('organisations.bid.proposal')}
              rules={[{ required: true, min: 10, max: 20_000, message: t('organisations.validation.proposal') }]}
            >
              <Input.TextArea rows={6} maxLength={20_000} showCount />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy}>
                {kept ? t('organisations.bid.submitRevision') : t('organisations.bid.submit')}
              </Button>
              {kept && <Button onClick={() => setEditing(false)}>{t('app.cancel')}</Button>}
            </Space>
          </Form>
        )}
      </Space>
    </Card>
  );
}
