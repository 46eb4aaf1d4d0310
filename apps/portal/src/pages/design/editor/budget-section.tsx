import { Button, Col, Form, Input, InputNumber, Radio, Row, Select, Statistic, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { FundingMode } from '@sanshe/contracts/events/common';
import { Design, type ProgrammeView } from '../../../api/design';
import { yuan } from '../../../format';
import { useI18n } from '../../../i18n';
import { yuanToFen } from '../common';
import { FieldFindings } from './findings';
import type { EditorForm } from './model';
import { RemoveButton, Section } from './sections';

/** Budget lines in yuan with their total, administration share and what the programme is asked for; the funding. */
export function BudgetSection({ programmes }: { programmes: ProgrammeView[] }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<EditorForm>();
  const lines = Form.useWatch('budgetLines', form) ?? [];
  const mode = Form.useWatch('fundingMode', form);
  const matching = Form.useWatch('matchingFundsYuan', form);
  const totalFen = lines.reduce((sum, l) => sum + yuanToFen(l?.amountYuan), 0);
  const adminFen = lines
    .filter((l) => l?.kind === 'administration')
    .reduce((sum, l) => sum + yuanToFen(l?.amountYuan), 0);
  const requestedFen = mode === 'venture_funding' ? Math.max(0, totalFen - yuanToFen(matching)) : totalFen;

  return (
    <Section id="budget" title={t('design.editor.sections.budget')}>
      <Typography.Title level={5} id="budget-heading">
        {t('design.field.budgetLines')}
      </Typography.Title>
      <FieldFindings at="budgetLines" />
      <Form.List name="budgetLines">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Row key={field.key} gutter={8} data-testid={`budget-line-${i}`}>
                <Col xs={12} md={5}>
                  <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]}>
                    <Select
                      aria-label={`${t('design.field.lineKind')} ${i + 1}`}
                      options={Design.BudgetLineKind.options.map((k) => ({ value: k, label: t(`design.line.${k}`) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={11}>
                  <Form.Item
                    name={[field.name, 'description']}
                    rules={[{ required: true, whitespace: true, max: 200 }]}
                  >
                    <Input
                      aria-label={`${t('design.field.lineDescription')} ${i + 1}`}
                      placeholder={t('design.field.lineDescription')}
                    />
                  </Form.Item>
                </Col>
                <Col xs={20} md={7}>
                  <Form.Item
                    name={[field.name, 'amountYuan']}
                    rules={[
                      {
                        required: true,
                        type: 'number',
                        min: 0.01,
                        message: t('validation.number', { field: t('design.field.lineAmount') }),
                      },
                    ]}
                  >
                    <InputNumber
                      aria-label={`${t('design.field.lineAmount')} ${i + 1}`}
                      prefix="¥"
                      min={0.01}
                      precision={2}
                      step={1000}
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
              onClick={() => add({ kind: 'activities' })}
              aria-describedby="budget-heading"
            >
              {t('design.editor.add')} {t('design.field.budgetLines')}
            </Button>
          </>
        )}
      </Form.List>
      <Row gutter={16} style={{ margin: '16px 0' }}>
        <Col xs={8}>
          <Statistic title={t('design.field.budget')} value={yuan(totalFen)} data-testid="budget-total" />
        </Col>
        <Col xs={8}>
          <Statistic
            title={t('design.field.adminShare')}
            value={totalFen ? `${((adminFen * 100) / totalFen).toFixed(1)}%` : '—'}
          />
        </Col>
        <Col xs={8}>
          <Statistic title={t('design.field.requested')} value={yuan(requestedFen)} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item
            name="fundingMode"
            label={t('design.field.fundingMode')}
            extra={<FieldFindings at="fundingMode" />}
          >
            <Radio.Group
              optionType="button"
              options={FundingMode.options.map((m) => ({ value: m, label: t(`design.mode.${m}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={14}>
          <Form.Item
            name="programmeId"
            label={t('design.field.programmeId')}
            extra={<FieldFindings at="programmeId" />}
          >
            <Select
              allowClear
              options={programmes
                .filter((p) => p.mode === mode)
                .map((p) => ({
                  value: p.programmeId,
                  label: t('design.field.programmeAvailable', { name: p.name, available: yuan(p.availableFen) }),
                  disabled: p.status !== 'open',
                }))}
            />
          </Form.Item>
        </Col>
        {mode === 'venture_funding' && (
          <Col xs={24} md={10}>
            <Form.Item
              name="matchingFundsYuan"
              label={t('design.field.matchingFundsFen')}
              extra={<FieldFindings at="matchingFundsFen" />}
            >
              <InputNumber prefix="¥" min={0} precision={2} step={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
      </Row>
    </Section>
  );
}
