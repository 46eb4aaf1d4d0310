import type { ReactNode } from 'react';
import {
  Button,
  Checkbox,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { OrganisationKind } from '@sanshe/contracts/events/design';
import { useI18n } from '../../../i18n';
import { FieldFindings } from './findings';

export interface Option {
  value: string;
  label: string;
}

/** A section of the form, with its heading and the findings about it as a whole. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section data-section={id} aria-label={title}>
      <Divider orientation="left">{title}</Divider>
      {children}
    </section>
  );
}

export function RemoveButton({ n, onClick }: { n: number; onClick: () => void }) {
  const { t } = useI18n();
  return (
    <Button
      type="text"
      danger
      icon={<DeleteOutlined />}
      onClick={onClick}
      aria-label={t('design.editor.removeRow', { n })}
    />
  );
}

export function BasicsSection({
  categories,
  communities,
  needOptions,
  beneficiaries,
}: {
  categories: Option[];
  communities: Option[];
  needOptions: Option[];
  beneficiaries: number | null;
}) {
  const { t } = useI18n();
  return (
    <Section id="basics" title={t('design.editor.sections.basics')}>
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item
            name="title"
            label={t('design.field.title')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('design.field.title') }),
              },
              { min: 2, message: t('validation.minLength', { field: t('design.field.title'), min: 2 }) },
            ]}
          >
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="category" label={t('design.field.category')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={categories} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item
            name="needIds"
            label={t('design.field.needIds')}
            rules={[
              {
                required: true,
                type: 'array',
                min: 1,
                message: t('validation.select', { field: t('design.field.needIds') }),
              },
            ]}
            extra={<FieldFindings at="needIds" />}
          >
            <Select mode="multiple" optionFilterProp="label" options={needOptions} maxTagCount="responsive" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Statistic title={t('design.field.beneficiaries')} value={beneficiaries ?? '—'} />
        </Col>
        <Col xs={24}>
          <Form.Item
            name="communityCodes"
            label={t('design.field.communityCodes')}
            extra={<FieldFindings at="communityCodes" />}
          >
            <Select mode="multiple" optionFilterProp="label" options={communities} />
          </Form.Item>
        </Col>
      </Row>
    </Section>
  );
}

export function GoalsSection() {
  const { t } = useI18n();
  return (
    <Section id="goals" title={t('design.editor.sections.goals')}>
      <Typography.Title level={5} id="objectives-heading">
        {t('design.field.objectives')}
      </Typography.Title>
      <FieldFindings at="objectives" />
      <Form.List name="objectives">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} align="start" style={{ display: 'flex' }}>
                <Form.Item
                  name={field.name}
                  label={t('design.field.objective', { n: i + 1 })}
                  rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}
                  style={{ flex: 1, minWidth: 480 }}
                >
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
                </Form.Item>
                <RemoveButton n={i + 1} onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add('')} aria-describedby="objectives-heading">
              {t('design.editor.add')} {t('design.field.objectives')}
            </Button>
          </>
        )}
      </Form.List>

      <Typography.Title level={5} id="kpis-heading" style={{ marginTop: 24 }}>
        {t('design.field.kpis')}
      </Typography.Title>
      <FieldFindings at="kpis" />
      <Form.List name="kpis">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Row key={field.key} gutter={8} align="top" data-testid={`kpi-${i}`}>
                <Col xs={12} md={4}>
                  <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]}>
                    <Select
                      aria-label={`${t('design.field.kpiKind')} ${i + 1}`}
                      options={(['output', 'outcome'] as const).map((k) => ({ value: k, label: t(`design.kpi.${k}`) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, max: 200 }]}>
                    <Input
                      aria-label={`${t('design.field.kpiName')} ${i + 1}`}
                      placeholder={t('design.field.kpiName')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={8} md={3}>
                  <Form.Item name={[field.name, 'target']} rules={[{ required: true, type: 'number', min: 0 }]}>
                    <InputNumber
                      aria-label={`${t('design.field.kpiTarget')} ${i + 1}`}
                      placeholder={t('design.field.kpiTarget')}
                      min={0}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
                <Col xs={8} md={3}>
                  <Form.Item name={[field.name, 'unit']} rules={[{ required: true, whitespace: true, max: 40 }]}>
                    <Input
                      aria-label={`${t('design.field.kpiUnit')} ${i + 1}`}
                      placeholder={t('design.field.kpiUnit')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={20} md={7}>
                  <Form.Item
                    name={[field.name, 'measurement']}
                    rules={[{ required: true, whitespace: true, max: 500 }]}
                  >
                    <Input
                      aria-label={`${t('design.field.kpiMeasurement')} ${i + 1}`}
                      placeholder={t('design.field.kpiMeasurement')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={4} md={1}>
                  <RemoveButton n={i + 1} onClick={() => remove(field.name)} />
                </Col>
              </Row>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ kind: fields.length === 0 ? 'output' : 'outcome' })}
              aria-describedby="kpis-heading"
            >
              {t('design.editor.add')} {t('design.field.kpis')}
            </Button>
          </>
        )}
      </Form.List>

      <Form.Item
        name="servicePeriod"
        label={t('design.field.servicePeriod')}
        style={{ marginTop: 24 }}
        extra={<FieldFindings at="servicePeriod" />}
      >
        <DatePicker.RangePicker allowEmpty={[false, false]} />
      </Form.Item>
    </Section>
  );
}

export function EligibilitySection({ areas }: { areas: Option[] }) {
  const { t } = useI18n();
  return (
    <Section id="eligibility" title={t('design.editor.sections.eligibility')}>
      <FieldFindings at="eligibility" />
      <Form.Item
        name={['eligibility', 'organisationKinds']}
        label={t('design.field.organisationKinds')}
        rules={[
          {
            required: true,
            type: 'array',
            min: 1,
            message: t('validation.select', { field: t('design.field.organisationKinds') }),
          },
        ]}
      >
        <Checkbox.Group
          options={OrganisationKind.options.map((k) => ({ value: k, label: t(`design.orgKind.${k}`) }))}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Form.Item name={['eligibility', 'serviceAreaCodes']} label={t('design.field.serviceAreaCodes')}>
            <Select
              mode="multiple"
              allowClear
              optionFilterProp="label"
              placeholder={t('design.field.serviceAreaAnywhere')}
              options={areas}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item
            name={['eligibility', 'minCertifiedSocialWorkerPercent']}
            label={t('design.field.minCertifiedSocialWorkerPercent')}
            rules={[{ type: 'integer', min: 0, max: 100 }]}
          >
            <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </Section>
  );
}
