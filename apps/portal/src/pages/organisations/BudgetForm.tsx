import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Fulfilment, organisationsApi, type BudgetView, type ContractView } from '../../api/organisations';
import { yuan } from '../../format';
import { useI18n } from '../../i18n';
import { fenOf, orgError, yuanOf } from './common';

interface LineRow {
  code?: string;
  name?: string;
  amountYuan?: number;
}

/** The contract's budget lines (they add up to the contract value; a line with spending stays). */
export function BudgetForm({
  contract,
  budget,
  onSaved,
  onCancel,
}: {
  contract: ContractView;
  budget: BudgetView;
  onSaved: (b: BudgetView) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ lines: LineRow[] }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const lines = Form.useWatch('lines', form) ?? [];
  const totalFen = lines.reduce((s, l) => s + fenOf(l?.amountYuan ?? 0), 0);
  const save = async (rows: LineRow[]) => {
    setFailure(null);
    const body = {
      lines: rows.map((r) => ({
        code: r.code?.trim() ?? '',
        name: r.name?.trim() ?? '',
        amountFen: fenOf(r.amountYuan ?? 0),
      })),
    };
    const checked = Fulfilment.SetBudgetRequest.safeParse(body);
    if (!checked.success) {
      setFailure(checked.error.issues[0]?.message ?? t('app.error'));
      return;
    }
    if (totalFen !== contract.valueFen) {
      setFailure(t('organisations.budget.mustAddUp', { total: yuan(totalFen), value: yuan(contract.valueFen) }));
      return;
    }
    setBusy(true);
    try {
      onSaved(await organisationsApi.setBudget(contract.contractId, body));
    } catch (e) {
      setFailure(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<{ lines: LineRow[] }>
      form={form}
      layout="vertical"
      onFinish={(v) => void save(v.lines)}
      initialValues={{
        lines:
          budget.lines.length > 0
            ? budget.lines.map((l) => ({ code: l.code, name: l.name, amountYuan: yuanOf(l.amountFen) }))
            : [
                { code: 'personnel', name: t('organisations.budget.personnel') },
                { code: 'activities', name: t('organisations.budget.activities') },
              ],
      }}
    >
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 12 }} />}
      <Form.List name="lines">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => {
              const row = t('organisations.row', { n: i + 1 });
              return (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'code']}
                    rules={[
                      { required: true, pattern: /^[a-z0-9_]{1,32}$/, message: t('organisations.validation.lineCode') },
                    ]}
                  >
                    <Input
                      aria-label={`${t('organisations.budget.code')} ${row}`}
                      placeholder={t('organisations.budget.code')}
                      maxLength={32}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, message: t('organisations.validation.required') }]}
                  >
                    <Input
                      aria-label={`${t('organisations.budget.name')} ${row}`}
                      placeholder={t('organisations.budget.name')}
                      maxLength={100}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'amountYuan']}
                    rules={[{ required: true, type: 'number', min: 0, message: t('organisations.validation.price') }]}
                  >
                    <InputNumber
                      aria-label={`${t('organisations.budget.amount')} ${row}`}
                      min={0}
                      precision={2}
                      prefix="¥"
                      style={{ width: 180 }}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`${t('organisations.records.removeLine')} ${row}`}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              );
            })}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} disabled={fields.length >= 30}>
              {t('organisations.budget.addLine')}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Paragraph style={{ marginTop: 12 }} type={totalFen === contract.valueFen ? 'success' : 'warning'}>
        {t('organisations.budget.total', { total: yuan(totalFen), value: yuan(contract.valueFen) })}
      </Typography.Paragraph>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('organisations.budget.save')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('app.cancel')}</Button>}
      </Space>
    </Form>
  );
}
