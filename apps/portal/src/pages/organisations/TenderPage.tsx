import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  List,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { organisationsApi, type TenderView } from '../../api/organisations';
import { yuan } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { BidPanel } from './BidPanel';
import { KindText, NotLinked, orgError, PageTitle, TenderStatusTag, TWO_COLUMNS } from './common';
import { tenderHints } from './eligibility';
import { HintList } from './HintList';
import { receiptStore } from './receipts';
import { useMyOrganisation, useNames } from './reference';

function TenderFacts({ tender }: { tender: TenderView }) {
  const { t, dateTime } = useI18n();
  const names = useNames();
  return (
    <Card>
      <Descriptions column={TWO_COLUMNS} size="small" bordered>
        <Descriptions.Item label={t('organisations.tender.status')}>
          <TenderStatusTag status={tender.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.tender.method')}>{tender.methodDetails}</Descriptions.Item>
        <Descriptions.Item label={t('organisations.tender.category')}>
          {names.categoryName(tender.category)}
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.tender.communities')}>
          {tender.communityCodes.map((c) => (
            <Tag key={c}>{names.areaName(c)}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.tender.ceiling')}>{yuan(tender.budgetCeilingFen)}</Descriptions.Item>
        <Descriptions.Item label={t('organisations.tender.deadline')}>{dateTime(tender.deadline)}</Descriptions.Item>
        <Descriptions.Item label={t('organisations.tender.enquiryEnd')}>
          {dateTime(tender.enquiryPeriod.end)}
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.tender.bidCount')}>
          {tender.bidCount === null ? t('organisations.tender.sealed') : tender.bidCount}
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.tender.kinds')}>
          {tender.eligibility.organisationKinds.map((k) => (
            <Tag key={k}>
              <KindText kind={k} />
            </Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('organisations.tender.minCertified')}>
          {`${tender.eligibility.minCertifiedSocialWorkerPercent}%`}
        </Descriptions.Item>
      </Descriptions>
      <Table
        style={{ marginTop: 16 }}
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={tender.criteria}
        aria-label={t('organisations.tender.criteria')}
        columns={[
          { title: t('organisations.tender.criterion'), dataIndex: 'name' },
          {
            title: t('organisations.tender.criterionKind'),
            dataIndex: 'kind',
            render: (k: 'price' | 'technical' | 'qualification') => t(`organisations.criterionKind.${k}`),
          },
          { title: t('organisations.tender.weight'), dataIndex: 'weight', align: 'right' },
        ]}
      />
      {tender.failure && (
        <Alert
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          message={t('organisations.tender.failed')}
          description={tender.failure.reason}
        />
      )}
      {tender.cancellation && (
        <Alert
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          message={t('organisations.tender.cancelled')}
          description={tender.cancellation.reason}
        />
      )}
      {tender.award && (
        <Alert
          style={{ marginTop: 16 }}
          type={tender.award.status === 'cancelled' ? 'warning' : 'success'}
          showIcon
          data-testid="award"
          message={t(`organisations.award.${tender.award.status}`, {
            name: tender.award.organisationName,
            amount: yuan(tender.award.amountFen),
          })}
          description={
            tender.award.status === 'pending'
              ? t('organisations.award.standstill', { end: dateTime(tender.award.standstillEnd) })
              : undefined
          }
        />
      )}
    </Card>
  );
}

/** Questions are published without naming who asked; only the asker sees "mine". */
function Enquiries({ tender, canAsk }: { tender: TenderView; canAsk: boolean }) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const list = useAsync((signal) => organisationsApi.enquiries(tender.tenderId, signal), [tender.tenderId]);
  const [form] = Form.useForm<{ question: string }>();
  const [busy, setBusy] = useState(false);
  const ask = async ({ question }: { question: string }) => {
    setBusy(true);
    try {
      await organisationsApi.ask(tender.tenderId, question.trim());
      form.resetFields();
      list.reload();
      void message.success(t('organisations.enquiry.asked'));
    } catch (e) {
      void message.error(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('organisations.enquiry.title')}>
      <List
        loading={list.loading}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('organisations.enquiry.none') }}
        renderItem={(e) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space>
                  {e.question}
                  {e.mine && <Tag color="blue">{t('organisations.enquiry.mine')}</Tag>}
                </Space>
              }
              description={
                <>
                  <div>{t('organisations.enquiry.askedAt', { at: dateTime(e.askedAt) })}</div>
                  <div>
                    {e.answer
                      ? t('organisations.enquiry.answer', { answer: e.answer })
                      : t('organisations.enquiry.unanswered')}
                  </div>
                </>
              }
            />
          </List.Item>
        )}
      />
      {canAsk && tender.status === 'enquiry' && (
        <Form form={form} layout="vertical" onFinish={(v) => void ask(v)} style={{ marginTop: 16 }}>
          <Form.Item
            name="question"
            label={t('organisations.enquiry.question')}
            extra={t('organisations.enquiry.anonymous', { end: dateTime(tender.enquiryPeriod.end) })}
            rules={[{ required: true, min: 5, max: 4000, message: t('organisations.validation.question') }]}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('organisations.enquiry.ask')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** A bidder complains during the standstill of a proposed award; a pending complaint holds it. */
function Complaints({ tender }: { tender: TenderView }) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const list = useAsync((signal) => organisationsApi.complaints(tender.tenderId, signal), [tender.tenderId]);
  const [form] = Form.useForm<{ title: string; description: string }>();
  const [busy, setBusy] = useState(false);
  const standstill = tender.status === 'awarded' && tender.award?.status === 'pending';
  const file = async (v: { title: string; description: string }) => {
    setBusy(true);
    try {
      await organisationsApi.complain(tender.tenderId, { title: v.title.trim(), description: v.description.trim() });
      form.resetFields();
      list.reload();
      void message.success(t('organisations.complaint.filed'));
    } catch (e) {
      void message.error(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('organisations.complaint.title')}>
      <Table
        size="small"
        rowKey="complaintId"
        pagination={false}
        loading={list.loading}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('organisations.complaint.none') }}
        columns={[
          { title: t('organisations.complaint.subject'), dataIndex: 'title' },
          { title: t('organisations.complaint.filedAt'), dataIndex: 'filedAt', render: (at: string) => dateTime(at) },
          {
            title: t('organisations.complaint.status'),
            dataIndex: 'status',
            render: (s: 'pending' | 'upheld' | 'rejected') => <Tag>{t(`organisations.complaint.${s}`)}</Tag>,
          },
          {
            title: t('organisations.complaint.resolution'),
            dataIndex: 'resolution',
            render: (r: string | null) => r ?? '—',
          },
        ]}
      />
      {standstill && (
        <Form form={form} layout="vertical" onFinish={(v) => void file(v)} style={{ marginTop: 16 }}>
          <Form.Item
            name="title"
            label={t('organisations.complaint.subject')}
            rules={[{ required: true, min: 2, max: 200, message: t('organisations.validation.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('organisations.complaint.description')}
            rules={[{ required: true, min: 10, max: 8000, message: t('organisations.validation.complaint') }]}
          >
            <Input.TextArea rows={4} maxLength={8000} />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('organisations.complaint.file')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** A tender as a social organisation sees it: the facts, its eligibility, its sealed bid, enquiries. */
export default function TenderPage() {
  const { tenderId = '' } = useParams();
  const { t } = useI18n();
  const mine = useMyOrganisation();
  const state = useAsync((signal) => organisationsApi.tender(tenderId, signal), [tenderId]);
  if (state.error && !state.data) return <LoadError message={orgError(state.error, t)} onRetry={state.reload} />;
  const tender = state.data;
  if (!tender) return <Skeleton active />;
  const org = mine.data;
  const bidder = !!mine.organisationId && !!receiptStore.forTender(mine.organisationId, tender.tenderId);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space align="center">
        <Link to="/org/opportunities">
          <Button icon={<ArrowLeftOutlined />} aria-label={t('app.back')} />
        </Link>
        <PageTitle>{tender.title}</PageTitle>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <TenderFacts tender={tender} />
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('organisations.hint.title')}>
            {org ? (
              <HintList hints={tenderHints(org, tender)} />
            ) : mine.organisationId ? (
              <Skeleton active />
            ) : (
              <NotLinked />
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('organisations.hint.note')}
            </Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      {mine.organisationId && <BidPanel tender={tender} organisationId={mine.organisationId} />}
      <Enquiries tender={tender} canAsk={!!mine.organisationId} />
      {(bidder || tender.status === 'awarded') && mine.organisationId && <Complaints tender={tender} />}
    </Space>
  );
}
