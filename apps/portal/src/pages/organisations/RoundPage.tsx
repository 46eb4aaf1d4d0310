import { useState } from 'react';
import { Link, useParams } from 'react-router';
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
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { organisationsApi, Procurement, type ApplicationView, type RoundView } from '../../api/organisations';
import { yuan } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { fenOf, KindText, NotLinked, orgError, PageTitle, TWO_COLUMNS, yuanOf } from './common';
import { useMyOrganisation, useNames } from './reference';

interface ApplyValues {
  title?: string;
  category?: string;
  proposal?: string;
  requestedYuan?: number;
  matchingYuan?: number;
  budgetLines?: { item?: string; amountYuan?: number }[];
}

function ApplyForm({
  round,
  current,
  onDone,
}: {
  round: RoundView;
  current: ApplicationView | undefined;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const names = useNames();
  const { message } = App.useApp();
  const [form] = Form.useForm<ApplyValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (v: ApplyValues) => {
    setFailure(null);
    const body = {
      title: v.title?.trim() ?? '',
      category: v.category ?? '',
      proposal: v.proposal?.trim() ?? '',
      requestedFen: fenOf(v.requestedYuan ?? 0),
      matchingFundsFen: fenOf(v.matchingYuan ?? 0),
      budgetLines: (v.budgetLines ?? []).map((l) => ({
        item: l.item?.trim() ?? '',
        amountFen: fenOf(l.amountYuan ?? 0),
      })),
    };
    const checked = Procurement.ApplyRequest.safeParse(body);
    if (!checked.success) {
      setFailure(checked.error.issues[0]?.message ?? t('app.error'));
      return;
    }
    setBusy(true);
    try {
      await organisationsApi.apply(round.roundId, body);
      void message.success(t('organisations.application.saved'));
      onDone();
    } catch (e) {
      setFailure(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<ApplyValues>
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      initialValues={
        current
          ? {
              title: current.title,
              category: current.category,
              proposal: current.proposal,
              requestedYuan: yuanOf(current.requestedFen),
              matchingYuan: yuanOf(current.matchingFundsFen),
              budgetLines: current.budgetLines.map((l) => ({ item: l.item, amountYuan: yuanOf(l.amountFen) })),
            }
          : { matchingYuan: 0, budgetLines: [], category: round.categories[0] }
      }
    >
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 16 }} />}
      <Form.Item
        name="title"
        label={t('organisations.application.title')}
        rules={[{ required: true, min: 2, max: 200, message: t('organisations.validation.name') }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="category" label={t('organisations.application.category')} rules={[{ required: true }]}>
        <Select options={round.categories.map((c) => ({ value: c, label: names.categoryName(c) }))} />
      </Form.Item>
      <Form.Item
        name="proposal"
        label={t('organisations.application.proposal')}
        rules={[{ required: true, min: 10, max: 20_000, message: t('organisations.validation.proposal') }]}
      >
        <Input.TextArea rows={5} maxLength={20_000} showCount />
      </Form.Item>
      <Space wrap>
        <Form.Item
          name="requestedYuan"
          label={t('organisations.application.requested')}
          extra={
            round.maxGrantFen !== null
              ? t('organisations.application.maxGrant', { max: yuan(round.maxGrantFen) })
              : undefined
          }
          rules={[{ required: true, type: 'number', min: 0.01, message: t('organisations.validation.price') }]}
        >
          <InputNumber min={0} precision={2} prefix="¥" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item
          name="matchingYuan"
          label={t('organisations.application.matching')}
          extra={t('organisations.application.bonus', {
            points: round.matchingBonus.pointsPerTenPercent,
            max: round.matchingBonus.maxPoints,
          })}
        >
          <InputNumber min={0} precision={2} prefix="¥" style={{ width: 220 }} />
        </Form.Item>
      </Space>
      <Form.List name="budgetLines">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} align="baseline">
                <Form.Item
                  name={[field.name, 'item']}
                  rules={[{ required: true, message: t('organisations.validation.required') }]}
                >
                  <Input
                    aria-label={`${t('organisations.application.item')} ${t('organisations.row', { n: i + 1 })}`}
                    placeholder={t('organisations.application.item')}
                    maxLength={200}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'amountYuan']}
                  rules={[{ required: true, message: t('organisations.validation.price') }]}
                >
                  <InputNumber
                    aria-label={`${t('organisations.application.amount')} ${t('organisations.row', { n: i + 1 })}`}
                    min={0}
                    precision={2}
                    prefix="¥"
                  />
                </Form.Item>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`${t('organisations.roster.remove')} ${t('organisations.row', { n: i + 1 })}`}
                  onClick={() => remove(field.name)}
                />
              </Space>
            ))}
            <Form.Item>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} disabled={fields.length >= 50}>
                {t('organisations.application.addLine')}
              </Button>
            </Form.Item>
          </>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={busy}>
        {current ? t('organisations.application.revise') : t('organisations.application.submit')}
      </Button>
    </Form>
  );
}

/** A venture-funding round (公益创投): its rules, the organisation's application, apply / revise / withdraw. */
export default function RoundPage() {
  const { roundId = '' } = useParams();
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const mine = useMyOrganisation();
  const round = useAsync((signal) => organisationsApi.round(roundId, signal), [roundId]);
  const applications = useAsync(
    (signal) => (mine.organisationId ? organisationsApi.applications(roundId, signal) : Promise.resolve([])),
    [roundId, mine.organisationId],
  );
  if (round.error && !round.data) return <LoadError message={orgError(round.error, t)} onRetry={round.reload} />;
  const r = round.data;
  if (!r) return <Skeleton active />;
  const own = (applications.data ?? []).find((a) => a.organisationId === mine.organisationId);
  const open = r.status === 'open';
  const withdraw = async (a: ApplicationView) => {
    try {
      await organisationsApi.withdrawApplication(r.roundId, a.applicationId);
      applications.reload();
      void message.success(t('organisations.application.withdrawn'));
    } catch (e) {
      void message.error(orgError(e, t));
    }
  };
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space align="center">
        <Link to="/org/opportunities?tab=rounds">
          <Button icon={<ArrowLeftOutlined />} aria-label={t('app.back')} />
        </Link>
        <PageTitle>{r.title}</PageTitle>
      </Space>
      <Card>
        <Descriptions column={TWO_COLUMNS} bordered size="small">
          <Descriptions.Item label={t('organisations.round.status')}>
            <Tag>{t(`organisations.roundStatus.${r.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.round.deadline')}>{dateTime(r.deadline)}</Descriptions.Item>
          <Descriptions.Item label={t('organisations.round.budget')}>{yuan(r.budgetFen)}</Descriptions.Item>
          <Descriptions.Item label={t('organisations.round.maxGrant')}>
            {r.maxGrantFen === null ? '—' : yuan(r.maxGrantFen)}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.round.categories')}>
            {r.categories.map((c) => (
              <Tag key={c}>{names.categoryName(c)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.round.eligibleKinds')}>
            {r.eligibleKinds.map((k) => (
              <Tag key={k}>
                <KindText kind={k} />
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.round.minScore')}>{r.minScore}</Descriptions.Item>
          <Descriptions.Item label={t('organisations.round.criteria')}>
            {r.criteria.map((c) => `${c.name} ${c.weight}`).join('；')}
          </Descriptions.Item>
          {r.description && (
            <Descriptions.Item label={t('organisations.round.description')} span={2}>
              {r.description}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title={t('organisations.application.mine')}>
        {!mine.organisationId ? (
          <NotLinked />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            {own && (
              <Table
                size="small"
                rowKey="applicationId"
                pagination={false}
                dataSource={[own]}
                columns={[
                  { title: t('organisations.application.title'), dataIndex: 'title' },
                  {
                    title: t('organisations.application.requested'),
                    dataIndex: 'requestedFen',
                    render: (f: number) => yuan(f),
                  },
                  {
                    title: t('organisations.application.matching'),
                    dataIndex: 'matchingFundsFen',
                    render: (f: number) => yuan(f),
                  },
                  {
                    title: t('organisations.application.status'),
                    dataIndex: 'status',
                    render: (s: ApplicationView['status'], a) => (
                      <Space direction="vertical" size={0}>
                        <Tag>{t(`organisations.applicationStatus.${s}`)}</Tag>
                        {a.ineligibleReasons.map((reason) => (
                          <span key={reason}>{reason}</span>
                        ))}
                      </Space>
                    ),
                  },
                  {
                    title: t('organisations.application.updatedAt'),
                    dataIndex: 'updatedAt',
                    render: (at: string) => dateTime(at),
                  },
                  {
                    title: '',
                    key: 'withdraw',
                    render: (_: unknown, a) =>
                      open &&
                      a.status === 'submitted' && (
                        <Popconfirm
                          title={t('organisations.application.withdrawConfirm')}
                          onConfirm={() => void withdraw(a)}
                        >
                          <Button danger>{t('organisations.application.withdraw')}</Button>
                        </Popconfirm>
                      ),
                  },
                ]}
              />
            )}
            {open ? (
              <ApplyForm key={own?.updatedAt ?? 'new'} round={r} current={own} onDone={applications.reload} />
            ) : (
              !own && <Alert type="info" showIcon message={t('organisations.application.closed')} />
            )}
          </Space>
        )}
      </Card>
    </Space>
  );
}
