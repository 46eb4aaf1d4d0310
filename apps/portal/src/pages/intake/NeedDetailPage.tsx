import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Rate,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CheckOutlined } from '@ant-design/icons';
import { NeedChannel } from '@sanshe/contracts/events/common';
import { ApiError } from '../../api/client';
import { intakeApi, type CategoryView, type NeedView, type ResolveNeedRequest } from '../../api/intake';
import { useReference, type Reference } from '../../api/reference';
import type { Principal } from '../../auth/session';
import { SlaBadge, StatusTag, UrgencyTag } from '../../components/tags';
import { errorMessage } from '../../errors';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';

const isChannel = (note: string): note is NeedView['channel'] =>
  (NeedChannel.options as readonly string[]).includes(note);

type Action = 'reassign' | 'resolve' | 'withdraw' | 'close';

/** Which commands the need's status allows (the server says the same with a 409). */
const ALLOWED_FROM: Record<Action | 'acknowledge', readonly NeedView['status'][]> = {
  acknowledge: ['logged'],
  reassign: ['logged', 'acknowledged', 'in_project', 'contracted', 'in_service', 'fulfilled', 'resolved', 'referred'],
  resolve: ['logged', 'acknowledged'],
  withdraw: ['logged', 'acknowledged'],
  close: ['resolved', 'referred', 'fulfilled'],
};

/** 首问负责: the owner handles the need; street officials of its street and admins may step in. */
function canHandle(principal: Principal, need: NeedView): boolean {
  if (principal.roles.includes('admin')) return true;
  if (
    principal.roles.includes('street_official') &&
    [need.districtCode, need.streetCode, need.communityCode, need.gridCode].some((c) =>
      principal.communities.includes(c),
    )
  )
    return true;
  return principal.sub === need.ownerId;
}

function attributeText(category: CategoryView | undefined, code: string, value: unknown, pickZh: boolean): string {
  const attribute = category?.attributes.find((a) => a.code === code);
  const name = (key: string) => {
    const v = attribute?.values.find((x) => x.key === key);
    return v ? (pickZh ? v.name.zh : v.name.en) : key;
  };
  if (Array.isArray(value)) return value.map((v) => name(String(v))).join('、');
  if (attribute?.datatype === 'datetime' && typeof value === 'string') return value;
  return attribute?.values.length ? name(String(value)) : String(value);
}

interface ActionForm {
  to?: string;
  reason?: string;
  how?: ResolveNeedRequest['how'];
  referredTo?: string;
  outcome?: string;
  satisfaction?: number;
}

function staffOptions(reference: Reference | undefined, need: NeedView) {
  const workers = (reference?.areas ?? [])
    .filter((a) => a.kind === 'grid' && a.path.includes(need.communityCode))
    .flatMap((a) => a.gridWorkers.map((w) => ({ value: w.staffId, label: `${w.name}（${a.name}）· ${w.staffId}` })));
  return workers.filter((w) => w.value !== need.ownerId);
}

export default function NeedDetailPage() {
  const { needId = '' } = useParams();
  const { t, pick, dateTime, locale } = useI18n();
  const { message } = App.useApp();
  const session = useSession();
  const { reference } = useReference();
  const state = useAsync(() => intakeApi.need(needId), [needId]);
  const [updated, setUpdated] = useState<NeedView | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ActionForm>();
  const how = Form.useWatch('how', form);

  const need = updated && updated.needId === needId ? updated : state.data;
  if (state.error && !need) {
    const missing = state.error instanceof ApiError && state.error.status === 404;
    return <LoadError message={missing ? t('detail.notFound') : errorMessage(state.error, t)} onRetry={state.reload} />;
  }
  if (!need || !session) return <Skeleton active />;

  const category = reference?.category(need.category);
  const handler = canHandle(session.principal, need);
  const allowed = (a: Action | 'acknowledge') => handler && ALLOWED_FROM[a].includes(need.status);
  const areaName = (code: string) => reference?.area(code)?.name ?? code;

  const run = async (work: () => Promise<NeedView>) => {
    setBusy(true);
    try {
      setUpdated(await work());
      setAction(null);
      void message.success(t('detail.done'));
    } catch (e) {
      void message.error(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const open = (next: Action) => {
    form.resetFields();
    if (next === 'resolve') form.setFieldsValue({ how: 'resolved_directly' });
    setAction(next);
  };

  const submitAction = async () => {
    const v = await form.validateFields();
    await run(() => {
      switch (action) {
        case 'reassign':
          return intakeApi.reassign(need.needId, { to: v.to ?? '', reason: v.reason ?? '' });
        case 'resolve':
          return intakeApi.resolve(
            need.needId,
            v.how === 'referred'
              ? { how: 'referred', referredTo: v.referredTo ?? '', outcome: v.outcome ?? '' }
              : { how: 'resolved_directly', outcome: v.outcome ?? '' },
          );
        case 'withdraw':
          return intakeApi.withdraw(need.needId, { reason: v.reason ?? '' });
        default:
          return intakeApi.close(need.needId, { satisfaction: v.satisfaction ? v.satisfaction : null });
      }
    });
  };

  const titles: Record<Action, string> = {
    reassign: t('detail.reassign'),
    resolve: t('detail.resolve'),
    withdraw: t('detail.withdraw'),
    close: t('detail.close'),
  };
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('validation.required', { field }) },
    { min: 2, message: t('validation.minLength', { field, min: 2 }) },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/needs" aria-label={t('app.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }} copyable={{ text: need.caseNumber }}>
              {need.caseNumber}
            </Typography.Title>
            <StatusTag status={need.status} />
            <UrgencyTag urgency={need.urgency} />
          </Space>
        }
        extra={<SlaBadge sla={need.sla} />}
      >
        <Space wrap style={{ marginBottom: 16 }} aria-label={t('need.actions')}>
          {allowed('acknowledge') && (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              loading={busy}
              onClick={() => void run(() => intakeApi.acknowledge(need.needId))}
            >
              {t('detail.acknowledge')}
            </Button>
          )}
          {allowed('resolve') && <Button onClick={() => open('resolve')}>{t('detail.resolve')}</Button>}
          {allowed('reassign') && <Button onClick={() => open('reassign')}>{t('detail.reassign')}</Button>}
          {allowed('close') && (
            <Button type="primary" onClick={() => open('close')}>
              {t('detail.close')}
            </Button>
          )}
          {allowed('withdraw') && (
            <Button danger onClick={() => open('withdraw')}>
              {t('detail.withdraw')}
            </Button>
          )}
          {handler && !(['acknowledge', 'resolve', 'reassign', 'close', 'withdraw'] as const).some(allowed) && (
            <Typography.Text type="secondary">{t('detail.noActions')}</Typography.Text>
          )}
        </Space>
        <Row gutter={24}>
          <Col xs={24} lg={15}>
            <Descriptions bordered size="small" column={1}>
              <Descriptions.Item label={t('need.category')}>
                {category ? pick(category.name) : need.category}
              </Descriptions.Item>
              <Descriptions.Item label={t('need.area')}>
                {[need.streetCode, need.communityCode, need.gridCode].map(areaName).join(' / ')}
              </Descriptions.Item>
              <Descriptions.Item label={t('need.channel')}>{t(`channel.${need.channel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('need.beneficiaryCount')}>{need.beneficiaryCount}</Descriptions.Item>
              <Descriptions.Item label={t('need.beneficiaryGroups')}>
                {need.beneficiaryGroups.length > 0
                  ? need.beneficiaryGroups.map((g) => <Tag key={g}>{t(`group.${g}`)}</Tag>)
                  : t('app.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('need.description')}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                  {need.description}
                </Typography.Paragraph>
              </Descriptions.Item>
              {Object.entries(need.attributes).map(([code, value]) => {
                const attribute = category?.attributes.find((a) => a.code === code);
                const label = attribute ? (locale === 'en' ? attribute.label.en : attribute.label.zh) : code;
                const text =
                  attribute?.datatype === 'datetime' && typeof value === 'string'
                    ? dateTime(value)
                    : attributeText(category, code, value, locale !== 'en');
                return (
                  <Descriptions.Item key={code} label={label}>
                    {text}
                  </Descriptions.Item>
                );
              })}
              <Descriptions.Item label={t('need.contact')}>
                {need.contact ? `${need.contact.name} ${need.contact.phone}` : t('app.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('need.owner')}>{need.ownerId}</Descriptions.Item>
              <Descriptions.Item label={t('need.loggedAt')}>{dateTime(need.loggedAt)}</Descriptions.Item>
              {need.duplicateReports > 0 && (
                <Descriptions.Item label={t('need.duplicateReports')}>{need.duplicateReports}</Descriptions.Item>
              )}
              {need.satisfaction !== null && (
                <Descriptions.Item label={t('need.satisfaction')}>
                  <Rate disabled value={need.satisfaction} />
                </Descriptions.Item>
              )}
            </Descriptions>
          </Col>
          <Col xs={24} lg={9}>
            <Typography.Title level={5}>{t('need.timeline')}</Typography.Title>
            <Timeline
              data-testid="timeline"
              style={{ marginTop: 16 }}
              items={need.timeline.map((entry, i) => ({
                key: `${entry.status}-${i}`,
                color: i === need.timeline.length - 1 ? 'green' : 'gray',
                children: (
                  <>
                    <StatusTag status={entry.status} />
                    {/* A project step undone by the project's cancellation stays as history, struck through. */}
                    <Typography.Text type="secondary" delete={entry.superseded === true}>
                      {dateTime(entry.at)}
                    </Typography.Text>
                    {entry.note && (
                      <div>
                        <Typography.Text type="secondary">
                          {/* A need's first entry notes the channel it came in by. */}
                          {entry.status === 'logged' && isChannel(entry.note)
                            ? t(`channel.${entry.note}`)
                            : t('detail.timelineNote', { note: entry.note })}
                        </Typography.Text>
                      </div>
                    )}
                  </>
                ),
              }))}
            />
          </Col>
        </Row>
      </Card>
      <Modal
        open={action !== null}
        title={action ? titles[action] : ''}
        okText={t('app.confirm')}
        cancelText={t('app.cancel')}
        confirmLoading={busy}
        onOk={() => void submitAction().catch(() => undefined)}
        onCancel={() => setAction(null)}
        forceRender
      >
        <Form<ActionForm> form={form} layout="vertical">
          {action === 'reassign' && (
            <>
              <Form.Item
                name="to"
                label={t('detail.reassignTo')}
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    message: t('validation.required', { field: t('detail.reassignTo') }),
                  },
                ]}
              >
                <AutoComplete options={staffOptions(reference, need)} filterOption />
              </Form.Item>
              <Form.Item name="reason" label={t('detail.reassignReason')} rules={required(t('detail.reassignReason'))}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
          {action === 'resolve' && (
            <>
              <Form.Item name="how" label={t('detail.resolveHow')} rules={[{ required: true }]}>
                <Radio.Group
                  options={[
                    { value: 'resolved_directly', label: t('detail.resolvedDirectly') },
                    { value: 'referred', label: t('detail.referred') },
                  ]}
                />
              </Form.Item>
              {how === 'referred' && (
                <Form.Item name="referredTo" label={t('detail.referredTo')} rules={required(t('detail.referredTo'))}>
                  <Input maxLength={200} />
                </Form.Item>
              )}
              <Form.Item name="outcome" label={t('detail.outcome')} rules={required(t('detail.outcome'))}>
                <Input.TextArea rows={3} maxLength={1000} />
              </Form.Item>
            </>
          )}
          {action === 'withdraw' && (
            <Form.Item name="reason" label={t('detail.withdrawReason')} rules={required(t('detail.withdrawReason'))}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          )}
          {action === 'close' && (
            <Form.Item name="satisfaction" label={t('detail.closeSatisfaction')}>
              <Rate />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
