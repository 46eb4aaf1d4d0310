import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Cascader,
  Checkbox,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import { checkResidentId } from '@sanshe/contracts/values/resident-id';
import { BeneficiaryGroup, NeedChannel, Urgency } from '@sanshe/contracts/events/common';
import { ApiError } from '../../api/client';
import {
  Intake,
  intakeApi,
  type AreaView,
  type CategoryAttribute,
  type LogNeedRequest,
  type LogNeedResponse,
} from '../../api/intake';
import { useReference } from '../../api/reference';
import type { Principal } from '../../auth/session';
import { errorMessage } from '../../errors';
import { useSession } from '../../hooks';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import { LoadError } from '../Status';

type AttributeInput = string | number | string[] | Dayjs | null | undefined;

interface LogNeedForm {
  channel: LogNeedRequest['channel'];
  category?: string;
  grid?: string[];
  urgency: LogNeedRequest['urgency'];
  beneficiaryCount: number | null;
  beneficiaryGroups: NonNullable<LogNeedRequest['beneficiaryGroups']>;
  description?: string;
  attributes?: Record<string, AttributeInput>;
  contactName?: string;
  contactPhone?: string;
  consent?: boolean;
  residentIdNumber?: string;
}

interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

/** The grids the user may log needs for, as district → street → community → grid. */
export function gridOptions(areas: AreaView[], principal: Principal): CascaderOption[] {
  const seesAll = principal.roles.includes('admin') || principal.roles.includes('official');
  const inScope = (a: AreaView) => seesAll || a.path.some((code) => principal.communities.includes(code));
  const active = areas.filter((a) => a.active);
  const grids = active.filter((a) => a.kind === 'grid' && inScope(a));
  const wanted = new Set(grids.flatMap((g) => g.path));
  const build = (parentCode: string | null): CascaderOption[] =>
    active
      .filter((a) => a.parentCode === parentCode && wanted.has(a.code))
      .map((a) => {
        const children = a.kind === 'grid' ? undefined : build(a.code);
        return { value: a.code, label: a.name, ...(children ? { children } : {}) };
      });
  return build(null);
}

const RESIDENT_ID_REASONS: Record<string, MessageKey> = {
  'must be 17 digits followed by a digit or X': 'validation.residentId.format',
  'the birth date part is not a real date': 'validation.residentId.birth',
  'check character does not match': 'validation.residentId.check',
};

/** An antd validator's answer: resolved when valid, rejected with the message shown under the field. */
const verdict = (problem: string | null): Promise<void> =>
  problem === null ? Promise.resolve() : Promise.reject(new Error(problem));

function residentIdRule(t: I18n['t']): Rule {
  return {
    validator: (_rule, value: string | undefined) => {
      const id = value?.trim().toUpperCase();
      if (!id) return verdict(null);
      const result = checkResidentId(id);
      if (result.ok) return verdict(null);
      const key = RESIDENT_ID_REASONS[result.reason];
      return verdict(t('validation.residentId', { reason: key ? t(key) : result.reason }));
    },
  };
}

function AttributeField({ attribute }: { attribute: CategoryAttribute }) {
  const { t, locale } = useI18n();
  const label = locale === 'en' ? attribute.label.en : attribute.label.zh;
  const isList = attribute.datatype === 'singlevaluelist' || attribute.datatype === 'multivaluelist';
  const rules: Rule[] = attribute.required
    ? [{ required: true, message: t(isList ? 'validation.select' : 'validation.required', { field: label }) }]
    : [];
  const options = attribute.values.map((v) => ({ value: v.key, label: locale === 'en' ? v.name.en : v.name.zh }));
  const name = ['attributes', attribute.code];
  const extra = attribute.description || undefined;
  switch (attribute.datatype) {
    case 'number':
      return (
        <Form.Item name={name} label={label} rules={rules} extra={extra}>
          <InputNumber style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'datetime':
      return (
        <Form.Item name={name} label={label} rules={rules} extra={extra}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item name={name} label={label} rules={[...rules, { max: 1000 }]} extra={extra}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      );
    case 'singlevaluelist':
      return (
        <Form.Item name={name} label={label} rules={rules} extra={extra}>
          {options.length <= 5 ? <Radio.Group options={options} /> : <Select options={options} allowClear />}
        </Form.Item>
      );
    case 'multivaluelist':
      return (
        <Form.Item name={name} label={label} rules={rules} extra={extra}>
          {options.length <= 6 ? (
            <Checkbox.Group options={options} />
          ) : (
            <Select mode="multiple" options={options} allowClear />
          )}
        </Form.Item>
      );
    case 'string':
      return (
        <Form.Item name={name} label={label} rules={[...rules, { max: 1000 }]} extra={extra}>
          <Input maxLength={1000} />
        </Form.Item>
      );
  }
}

/** The form's values as the API's request; category fields in their own types (datetime as ISO 8601). */
export function toRequest(values: LogNeedForm, attributes: CategoryAttribute[]): LogNeedRequest {
  const attributeValues: Record<string, string | number | string[]> = {};
  for (const a of attributes) {
    const value = values.attributes?.[a.code];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) attributeValues[a.code] = value;
    } else if (typeof value === 'object') {
      attributeValues[a.code] = value.toISOString();
    } else attributeValues[a.code] = typeof value === 'string' ? value.trim() : value;
  }
  const name = values.contactName?.trim();
  const phone = values.contactPhone?.trim();
  const residentId = values.residentIdNumber?.trim();
  return {
    channel: values.channel,
    category: values.category ?? '',
    attributes: attributeValues,
    gridCode: values.grid?.[values.grid.length - 1] ?? '',
    urgency: values.urgency,
    beneficiaryCount: values.beneficiaryCount ?? 0,
    beneficiaryGroups: values.beneficiaryGroups,
    description: values.description?.trim() ?? '',
    ...(name || phone ? { contact: { name: name ?? '', phone: phone ?? '', consent: values.consent === true } } : {}),
    ...(residentId ? { residentIdNumber: residentId } : {}),
  } as LogNeedRequest;
}

/** Maps a request field (from zod or a problem's errors[].field) to the form field it came from. */
function formField(path: string): (string | number)[] {
  const parts = path.replace(/^body\./, '').split('.');
  if (parts[0] === 'attributes' && parts[1]) return ['attributes', parts[1]];
  if (parts[0] === 'contact')
    return [parts[1] === 'phone' ? 'contactPhone' : parts[1] === 'consent' ? 'consent' : 'contactName'];
  if (parts[0] === 'gridCode') return ['grid'];
  return [parts[0] ?? ''];
}

const FIELDS = new Set([
  'channel',
  'category',
  'grid',
  'urgency',
  'beneficiaryCount',
  'beneficiaryGroups',
  'description',
  'attributes',
  'contactName',
  'contactPhone',
  'consent',
  'residentIdNumber',
]);

export default function LogNeedPage() {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const session = useSession();
  const { reference, error, reload } = useReference();
  const [form] = Form.useForm<LogNeedForm>();
  const categoryCode = Form.useWatch('category', form);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [logged, setLogged] = useState<LogNeedResponse | null>(null);

  const category = categoryCode ? reference?.category(categoryCode) : undefined;
  const attributes = useMemo(() => [...(category?.attributes ?? [])].sort((a, b) => a.order - b.order), [category]);
  const grids = useMemo(
    () => (reference && session ? gridOptions(reference.areas, session.principal) : []),
    [reference, session],
  );

  if (error) return <LoadError message={errorMessage(error, t)} onRetry={reload} />;
  if (!reference || !session) return <Skeleton active />;

  if (logged) {
    return (
      <Card>
        <Result
          status="success"
          title={t('logNeed.success')}
          subTitle={
            <Space direction="vertical">
              <Typography.Title level={3} copyable data-testid="case-number" style={{ margin: 0 }}>
                {logged.caseNumber}
              </Typography.Title>
              <span>{t('logNeed.successCase', { caseNumber: logged.caseNumber })}</span>
              {logged.duplicate && <Alert type="warning" showIcon message={t('logNeed.duplicate')} />}
            </Space>
          }
          extra={[
            <Link key="view" to={`/needs/${logged.needId}`}>
              <Button type="primary">{t('logNeed.view')}</Button>
            </Link>,
            <Button
              key="again"
              onClick={() => {
                setLogged(null);
                form.resetFields();
              }}
            >
              {t('logNeed.another')}
            </Button>,
          ]}
        />
      </Card>
    );
  }

  const showProblems = (problems: { field: string; reason: string }[]) => {
    const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
    for (const p of problems) {
      const name = formField(p.field);
      if (!FIELDS.has(String(name[0]))) continue;
      const key = name.join('.');
      const entry = byField.get(key) ?? { name, errors: [] };
      entry.errors.push(p.reason);
      byField.set(key, entry);
    }
    form.setFields([...byField.values()] as Parameters<typeof form.setFields>[0]);
    return byField.size > 0;
  };

  const submit = async (values: LogNeedForm) => {
    setFailure(null);
    const body = toRequest(values, attributes);
    // The API's own schema, before anything is sent: the same rules, the same field names.
    const checked = Intake.LogNeedRequest.safeParse(body);
    if (!checked.success) {
      const shown = showProblems(checked.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })));
      setFailure(shown ? t('logNeed.invalid') : (checked.error.issues[0]?.message ?? t('app.error')));
      return;
    }
    setBusy(true);
    try {
      const result = await intakeApi.logNeed(body);
      setLogged(result);
      void message.success(t('logNeed.success'));
    } catch (e) {
      if (e instanceof ApiError && e.fields.length > 0 && showProblems(e.fields)) setFailure(t('logNeed.invalid'));
      else setFailure(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  const categories = reference.categories.filter((c) => c.active);
  const contactRule =
    (other: 'contactName' | 'contactPhone'): Rule =>
    ({ getFieldValue }) => ({
      validator: (_r, value: string | undefined) => {
        const mine = value?.trim();
        const theirs = (getFieldValue(other) as string | undefined)?.trim();
        return verdict(!mine && theirs ? t('validation.contactPair') : null);
      },
    });

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('logNeed.title')}
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary">{t('logNeed.intro')}</Typography.Paragraph>
      {failure && <Alert type="error" showIcon message={failure} role="alert" style={{ marginBottom: 16 }} />}
      <Form<LogNeedForm>
        form={form}
        layout="vertical"
        initialValues={{ channel: 'window', urgency: 'normal', beneficiaryCount: 1, beneficiaryGroups: [] }}
        onFinish={(values) => void submit(values)}
        onFinishFailed={() => setFailure(t('logNeed.invalid'))}
        onValuesChange={() => setFailure(null)}
        scrollToFirstError
      >
        <Divider orientation="left">{t('logNeed.basics')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="category"
              label={t('need.category')}
              rules={[{ required: true, message: t('validation.select', { field: t('need.category') }) }]}
            >
              <Select
                placeholder={t('logNeed.pickCategory')}
                showSearch
                optionFilterProp="label"
                options={categories.map((c) => ({ value: c.code, label: pick(c.name) }))}
                onChange={() => form.setFieldValue('attributes', {})}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="grid"
              label={t('need.grid')}
              rules={[{ required: true, message: t('validation.select', { field: t('need.grid') }) }]}
            >
              <Cascader options={grids} placeholder={t('logNeed.pickGrid')} expandTrigger="hover" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="channel" label={t('need.channel')} rules={[{ required: true }]}>
              <Select options={NeedChannel.options.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="urgency" label={t('need.urgency')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={Urgency.options.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="beneficiaryCount"
              label={t('need.beneficiaryCount')}
              rules={[
                {
                  required: true,
                  type: 'integer',
                  min: 1,
                  max: 10_000,
                  message: t('validation.integerRange', { field: t('need.beneficiaryCount'), min: 1, max: 10000 }),
                },
              ]}
            >
              <InputNumber min={1} max={10_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="beneficiaryGroups" label={t('need.beneficiaryGroups')}>
              <Checkbox.Group options={BeneficiaryGroup.options.map((g) => ({ value: g, label: t(`group.${g}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="description"
          label={t('need.description')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required', { field: t('need.description') }) },
            { max: 2000, message: t('validation.tooLong', { field: t('need.description'), max: 2000 }) },
          ]}
        >
          <Input.TextArea rows={3} showCount maxLength={2000} placeholder={t('need.descriptionPlaceholder')} />
        </Form.Item>

        {category && attributes.length > 0 && (
          <>
            <Divider orientation="left">{t('logNeed.categoryFields', { category: pick(category.name) })}</Divider>
            <Row gutter={16}>
              {attributes.map((a) => (
                <Col xs={24} md={12} key={a.code}>
                  <AttributeField attribute={a} />
                </Col>
              ))}
            </Row>
          </>
        )}

        <Divider orientation="left">{t('logNeed.contactSection')}</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="contactName"
              label={t('need.contactName')}
              dependencies={['contactPhone']}
              rules={[{ max: 50 }, contactRule('contactPhone')]}
            >
              <Input autoComplete="off" maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="contactPhone"
              label={t('need.contactPhone')}
              dependencies={['contactName']}
              rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('validation.phone') }, contactRule('contactName')]}
            >
              <Input inputMode="numeric" autoComplete="off" maxLength={11} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="residentIdNumber"
              label={t('need.residentId')}
              extra={t('need.residentIdHint')}
              rules={[residentIdRule(t)]}
              validateDebounce={300}
            >
              <Input autoComplete="off" maxLength={18} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="consent"
          valuePropName="checked"
          dependencies={['contactName', 'contactPhone']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_r, checked: boolean | undefined) => {
                const given = [getFieldValue('contactName'), getFieldValue('contactPhone')].some(
                  (v) => typeof v === 'string' && v.trim() !== '',
                );
                return verdict(given && !checked ? t('validation.consent') : null);
              },
            }),
          ]}
        >
          <Checkbox>{t('need.consent')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} size="large">
          {t('logNeed.submit')}
        </Button>
      </Form>
    </Card>
  );
}
