import { Button, Col, Form, Input, InputNumber, Row, Select, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { MilestoneKind } from '@sanshe/contracts/events/common';
import { ProcurementMethod } from '@sanshe/contracts/events/design';
import { useI18n } from '../../../i18n';
import { FieldFindings } from './findings';
import type { EditorForm } from './model';
import { RemoveButton, Section } from './sections';

/** Procurement method (and why not an open tender), evaluation criteria and payment tranches. */
export function ProcurementSection() {
  const { t } = useI18n();
  const form = Form.useFormInstance<EditorForm>();
  const method = Form.useWatch('procurementMethod', form);
  const criteria = Form.useWatch('evaluationCriteria', form) ?? [];
  const tranches = Form.useWatch('tranches', form) ?? [];
  const weights = criteria.reduce((sum, c) => sum + (c?.weight ?? 0), 0);
  const percents = tranches.reduce((sum, c) => sum + (c?.percent ?? 0), 0);

  return (
    <Section id="procurement" title={t('design.editor.sections.procurement')}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="procurementMethod" label={t('design.field.procurementMethod')}>
            <Select options={ProcurementMethod.options.map((m) => ({ value: m, label: t(`design.method.${m}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          {(method !== 'open_tender' || form.getFieldValue('methodJustification')) && (
            <Form.Item
              name="methodJustification"
              label={t('design.field.methodJustification')}
              extra={<FieldFindings at="methodJustification" />}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} showCount />
            </Form.Item>
          )}
        </Col>
      </Row>

      <Typography.Title level={5} id="criteria-heading">
        {t('design.field.evaluationCriteria')}{' '}
        <Typography.Text type={weights === 100 ? 'secondary' : 'warning'} style={{ fontSize: 13 }}>
          {t('design.field.weightsTotal', { total: weights })}
        </Typography.Text>
      </Typography.Title>
      <FieldFindings at="evaluationCriteria" />
      <Form.List name="evaluationCriteria">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Row key={field.key} gutter={8} data-testid={`criterion-${i}`}>
                <Col xs={12} md={5}>
                  <Form.Item
                    name={[field.name, 'code']}
                    rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/ }]}
                  >
                    <Input
                      aria-label={`${t('design.field.criterionCode')} ${i + 1}`}
                      placeholder={t('design.field.criterionCode')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, max: 100 }]}>
                    <Input
                      aria-label={`${t('design.field.criterionName')} ${i + 1}`}
                      placeholder={t('design.field.criterionName')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={5}>
                  <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]}>
                    <Select
                      aria-label={`${t('design.field.criterionKind')} ${i + 1}`}
                      options={(['price', 'technical', 'qualification'] as const).map((k) => ({
                        value: k,
                        label: t(`design.criterion.${k}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={8} md={5}>
                  <Form.Item
                    name={[field.name, 'weight']}
                    rules={[{ required: true, type: 'integer', min: 0, max: 100 }]}
                    extra={<FieldFindings at={`evaluationCriteria.${field.name}.weight`} />}
                  >
                    <InputNumber
                      aria-label={`${t('design.field.criterionWeight')} ${i + 1}`}
                      min={0}
                      max={100}
                      precision={0}
                      style={{ width: '100%' }}
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
              onClick={() => add({ kind: 'technical', weight: 0 })}
              aria-describedby="criteria-heading"
            >
              {t('design.editor.add')} {t('design.field.evaluationCriteria')}
            </Button>
          </>
        )}
      </Form.List>

      <Typography.Title level={5} id="tranches-heading" style={{ marginTop: 24 }}>
        {t('design.field.tranches')}{' '}
        <Typography.Text type={percents === 100 ? 'secondary' : 'warning'} style={{ fontSize: 13 }}>
          {t('design.field.tranchesTotal', { total: percents })}
        </Typography.Text>
      </Typography.Title>
      <FieldFindings at="tranches" />
      <Form.List name="tranches">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Row key={field.key} gutter={8}>
                <Col xs={10} md={6}>
                  <Form.Item
                    name={[field.name, 'percent']}
                    rules={[{ required: true, type: 'integer', min: 1, max: 100 }]}
                  >
                    <InputNumber
                      aria-label={`${t('design.field.tranchePercent')} ${i + 1}`}
                      suffix="%"
                      min={1}
                      max={100}
                      precision={0}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
                <Col xs={10} md={8}>
                  <Form.Item name={[field.name, 'milestone']} rules={[{ required: true }]}>
                    <Select
                      aria-label={`${t('design.field.trancheMilestone')} ${i + 1}`}
                      options={MilestoneKind.options.map((m) => ({ value: m, label: t(`design.milestone.${m}`) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={4} md={1}>
                  <RemoveButton n={i + 1} onClick={() => remove(field.name)} />
                </Col>
              </Row>
            ))}
            {fields.length < 12 && (
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ milestone: 'final_acceptance' })}
                aria-describedby="tranches-heading"
              >
                {t('design.editor.add')} {t('design.field.tranches')}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Section>
  );
}
