import { useState } from 'react';
import { Alert, Button, Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ApiError } from '../../api/client';
import {
  organisationsApi,
  Procurement,
  type OrganisationView,
  type RegisterOrganisationRequest,
} from '../../api/organisations';
import { useI18n } from '../../i18n';
import { fieldPath, orgError, reasonText, verdict } from './common';
import { useNames } from './reference';
import { RosterFields, toWorkers, type WorkerRow } from './RosterFields';
import { usccVerdict } from './uscc';

interface RegistrationValues {
  name?: string;
  uscc?: string;
  legalRepresentative?: string;
  registeredOn?: Dayjs;
  categories?: string[];
  serviceAreaCodes?: string[];
  staffCount?: number;
  maxConcurrentProjects?: number;
  overrideReason?: string;
  workers?: WorkerRow[];
}

export interface Registered {
  organisation: OrganisationView;
  /** Set when the organisation was registered but its roster was refused. */
  rosterProblem: string | null;
}

const FIELDS = new Set([
  'name',
  'uscc',
  'legalRepresentative',
  'registeredOn',
  'categories',
  'serviceAreaCodes',
  'staffCount',
  'maxConcurrentProjects',
  'overrideReason',
]);

function toRequest(values: RegistrationValues): RegisterOrganisationRequest {
  const reason = values.overrideReason?.trim();
  return {
    name: values.name?.trim() ?? '',
    uscc: values.uscc?.trim().toUpperCase() ?? '',
    legalRepresentative: values.legalRepresentative?.trim() ?? '',
    registeredOn: values.registeredOn?.format('YYYY-MM-DD') ?? '',
    categories: values.categories ?? [],
    serviceAreaCodes: values.serviceAreaCodes ?? [],
    capacity: { staffCount: values.staffCount ?? 0, maxConcurrentProjects: values.maxConcurrentProjects ?? 1 },
    ...(reason ? { usccOverride: { reason } } : {}),
  };
}

/** A request field (zod's or a problem's) as this form's field. */
function formField(field: string): string {
  const [first, second] = fieldPath(field);
  if (first === 'capacity') return String(second);
  if (first === 'usccOverride') return 'overrideReason';
  return String(first);
}

/**
 * Registration of a social organisation, as procurement takes it: the USCC is checked as it is
 * typed (check character, civil-affairs prefix); officials may record an audited override of a
 * failed check and give the roster of social workers at once (procurement takes the roster
 * from the organisation's own users or officials, after registration).
 */
export function RegistrationForm({
  official,
  onRegistered,
}: {
  /** Officials and admins: may override the USCC check and set the roster straight away. */
  official: boolean;
  onRegistered: (registered: Registered) => void;
}) {
  const { t } = useI18n();
  const names = useNames();
  const [form] = Form.useForm<RegistrationValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const uscc = Form.useWatch('uscc', form) ?? '';
  const served = Form.useWatch('serviceAreaCodes', form) ?? [];
  const check = uscc.trim() ? usccVerdict(uscc, t) : null;
  const overriding = official && check !== null && !check.ok;

  const showProblems = (problems: { field: string; reason: string }[]) => {
    const byField = new Map<string, string[]>();
    for (const p of problems) {
      const name = formField(p.field);
      if (!FIELDS.has(name)) continue;
      byField.set(name, [...(byField.get(name) ?? []), reasonText(p.reason, t)]);
    }
    form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof RegistrationValues, errors })));
    return byField.size > 0;
  };

  const submit = async (values: RegistrationValues) => {
    setFailure(null);
    const body = toRequest(values);
    const checked = Procurement.RegisterOrganisationRequest.safeParse(body);
    if (!checked.success) {
      showProblems(checked.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })));
      setFailure(t('organisations.register.invalid'));
      return;
    }
    const workers = official ? toWorkers(values.workers) : [];
    setBusy(true);
    try {
      const organisation = await organisationsApi.register(body);
      let rosterProblem: string | null = null;
      if (workers.length > 0) {
        try {
          onRegistered({
            organisation: await organisationsApi.setSocialWorkers(organisation.organisationId, workers),
            rosterProblem: null,
          });
          return;
        } catch (e) {
          rosterProblem = orgError(e, t);
        }
      }
      onRegistered({ organisation, rosterProblem });
    } catch (e) {
      if (e instanceof ApiError && e.fields.length > 0 && showProblems(e.fields))
        setFailure(t('organisations.register.invalid'));
      // Procurement registers organisations for officials only, for now: say what to do instead.
      else if (!official && e instanceof ApiError && e.status === 403)
        setFailure(t('organisations.register.selfForbidden'));
      else setFailure(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };

  const tagsMode = names.known ? 'multiple' : 'tags';
  return (
    <Form<RegistrationValues>
      form={form}
      layout="vertical"
      initialValues={{ staffCount: 0, maxConcurrentProjects: 1, categories: [], serviceAreaCodes: [], workers: [] }}
      onFinish={(values) => void submit(values)}
      onFinishFailed={() => setFailure(t('organisations.register.invalid'))}
      onValuesChange={() => setFailure(null)}
      scrollToFirstError
    >
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="name"
            label={t('organisations.field.name')}
            rules={[{ required: true, min: 2, max: 200, message: t('organisations.validation.name') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="uscc"
            label={t('organisations.field.uscc')}
            extra={check?.ok ? t('organisations.uscc.ok', { kind: t(`organisations.kind.${check.kind}`) }) : undefined}
            normalize={(v: string | undefined) => v?.toUpperCase()}
            rules={[
              { required: true, message: t('organisations.validation.required') },
              {
                validator: (_rule, value: string | undefined) => {
                  const v = value?.trim() ? usccVerdict(value, t) : null;
                  // An official may register a failing code with an audited reason; the warning stays.
                  const overridden = official && !!form.getFieldValue('overrideReason');
                  return verdict(v && !v.ok && !overridden ? v.problem : null);
                },
              },
            ]}
            dependencies={['overrideReason']}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </Col>
        {overriding && (
          <Col span={24}>
            <Form.Item
              name="overrideReason"
              label={t('organisations.field.overrideReason')}
              extra={t('organisations.register.overrideHint', { problem: check.problem })}
              rules={[{ min: 4, max: 2000, message: t('organisations.validation.reason') }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item
            name="legalRepresentative"
            label={t('organisations.field.legalRepresentative')}
            rules={[{ required: true, max: 50, message: t('organisations.validation.required') }]}
          >
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="registeredOn"
            label={t('organisations.field.registeredOn')}
            rules={[{ required: true, message: t('organisations.validation.required') }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="categories"
            label={t('organisations.field.categories')}
            rules={[{ required: true, type: 'array', min: 1, message: t('organisations.validation.categories') }]}
          >
            <Select mode={tagsMode} options={names.categoryOptions} optionFilterProp="label" allowClear />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="serviceAreaCodes"
            label={t('organisations.field.serviceAreas')}
            extra={t('organisations.register.serviceAreasHint')}
          >
            <Select mode={tagsMode} options={names.areaOptions} optionFilterProp="label" allowClear />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="staffCount" label={t('organisations.field.staffCount')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="maxConcurrentProjects" label={t('organisations.field.maxConcurrentProjects')}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {official ? (
        <>
          <Divider orientation="left">{t('organisations.roster.title')}</Divider>
          <RosterFields name="workers" communities={names.communitiesWithin(served)} />
        </>
      ) : (
        <Typography.Paragraph type="secondary">{t('organisations.register.rosterLater')}</Typography.Paragraph>
      )}
      <Form.Item style={{ marginTop: 24 }}>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('organisations.register.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
