import { useState } from 'react';
import { useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Fulfilment, organisationsApi, type BudgetView, type ContractView } from '../../api/organisations';
import { yuan } from '../../format';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { fenOf, NotLinked, orgError, PageTitle } from './common';
import { BudgetForm } from './BudgetForm';
import { ContractPicker } from './ContractPicker';

type Line = BudgetView['lines'][number];
type Report = BudgetView['reports'][number];

interface ReportValues {
  period?: Dayjs;
  lines?: { code?: string; amountYuan?: number; vouchers?: string[] }[];
  note?: string;
}

function ReportForm({
  contract,
  budget,
  onReported,
}: {
  contract: ContractView;
  budget: BudgetView;
  onReported: (b: BudgetView) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<ReportValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const codes = budget.lines.map((l) => ({ value: l.code, label: `${l.name}（${l.code}）` }));
  const submit = async (v: ReportValues) => {
    setFailure(null);
    const body = {
      period: v.period?.format('YYYY-MM') ?? '',
      lines: (v.lines ?? []).map((l) => ({
        code: l.code ?? '',
        amountFen: fenOf(l.amountYuan ?? 0),
        vouchers: (l.vouchers ?? []).map((x) => x.trim()).filter(Boolean),
      })),
      note: v.note?.trim() ?? '',
    };
    const checked = Fulfilment.ExpenseReportRequest.safeParse(body);
    if (!checked.success) {
      setFailure(checked.error.issues[0]?.message ?? t('app.error'));
      return;
    }
    setBusy(true);
    try {
      const next = await organisationsApi.reportExpenses(contract.contractId, body);
      form.resetFields();
      onReported(next);
    } catch (e) {
      setFailure(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<ReportValues>
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      initialValues={{ period: dayjs().startOf('month'), lines: [{}] }}
    >
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 12 }} />}
      <Form.Item
        name="period"
        label={t('organisations.expenses.period')}
        rules={[{ required: true, message: t('organisations.validation.required') }]}
      >
        <DatePicker picker="month" allowClear={false} />
      </Form.Item>
      <Form.List name="lines">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => {
              const row = t('organisations.row', { n: i + 1 });
              return (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    name={[field.name, 'code']}
                    rules={[{ required: true, message: t('organisations.validation.select') }]}
                  >
                    <Select
                      aria-label={`${t('organisations.expenses.line')} ${row}`}
                      placeholder={t('organisations.expenses.line')}
                      options={codes}
                      style={{ width: 220 }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'amountYuan']}
                    rules={[{ required: true, type: 'number', min: 0, message: t('organisations.validation.price') }]}
                  >
                    <InputNumber
                      aria-label={`${t('organisations.expenses.amount')} ${row}`}
                      placeholder={t('organisations.expenses.amount')}
                      min={0}
                      precision={2}
                      prefix="¥"
                      style={{ width: 180 }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'vouchers']}
                    rules={[{ required: true, type: 'array', min: 1, message: t('organisations.validation.vouchers') }]}
                  >
                    <Select
                      mode="tags"
                      aria-label={`${t('organisations.expenses.vouchers')} ${row}`}
                      placeholder={t('organisations.expenses.vouchersHint')}
                      style={{ minWidth: 280 }}
                      tokenSeparators={[',', '，', ' ']}
                      suffixIcon={null}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={fields.length === 1}
                    aria-label={`${t('organisations.records.removeLine')} ${row}`}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              );
            })}
            <Form.Item>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= 30}>
                {t('organisations.expenses.addLine')}
              </Button>
            </Form.Item>
          </>
        )}
      </Form.List>
      <Form.Item name="note" label={t('organisations.expenses.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('organisations.expenses.submit')}
      </Button>
    </Form>
  );
}

function ContractExpenses({ contractId }: { contractId: string }) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const contract = useAsync((signal) => organisationsApi.contract(contractId, signal), [contractId]);
  const loaded = useAsync((signal) => organisationsApi.budget(contractId, signal), [contractId]);
  const [changed, setChanged] = useState<BudgetView | null>(null);
  const [editing, setEditing] = useState(false);
  const [alerts, setAlerts] = useState<string[] | null>(null);
  const error = contract.error ?? loaded.error;
  if (error && !(contract.data && loaded.data))
    return <LoadError message={orgError(error, t)} onRetry={() => (contract.reload(), loaded.reload())} />;
  const c = contract.data;
  const budget = changed?.contractId === contractId ? changed : loaded.data;
  if (!c || !budget) return <Skeleton active />;
  const active = c.status === 'active';
  const lineName = (code: string) => budget.lines.find((l) => l.code === code)?.name ?? code;

  const reported = (next: BudgetView) => {
    setChanged(next);
    const latest = next.reports[next.reports.length - 1];
    setAlerts(latest?.alerts ?? []);
    void message.success(t('organisations.expenses.reported'));
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('organisations.budget.title', { title: c.title })}
        extra={
          active &&
          budget.lines.length > 0 &&
          !editing && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('organisations.budget.edit')}
            </Button>
          )
        }
      >
        {budget.lines.length === 0 || editing ? (
          active ? (
            <>
              {budget.lines.length === 0 && (
                <Alert type="info" showIcon message={t('organisations.budget.setFirst')} style={{ marginBottom: 12 }} />
              )}
              <BudgetForm
                contract={c}
                budget={budget}
                onSaved={(b) => {
                  setChanged(b);
                  setEditing(false);
                  void message.success(t('organisations.budget.saved'));
                }}
                {...(editing ? { onCancel: () => setEditing(false) } : {})}
              />
            </>
          ) : (
            <Alert type="info" showIcon message={t('organisations.budget.none')} />
          )
        ) : (
          <Table<Line>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={budget.lines}
            data-testid="budget-lines"
            columns={[
              { title: t('organisations.budget.name'), dataIndex: 'name' },
              { title: t('organisations.budget.code'), dataIndex: 'code' },
              {
                title: t('organisations.budget.amount'),
                dataIndex: 'amountFen',
                align: 'right',
                render: (f: number) => yuan(f),
              },
              {
                title: t('organisations.budget.spent'),
                dataIndex: 'spentFen',
                align: 'right',
                render: (f: number) => yuan(f),
              },
              {
                title: t('organisations.budget.variance'),
                dataIndex: 'variancePercent',
                align: 'right',
                render: (v: number) => `${v > 0 ? '+' : ''}${v.toFixed(1)}%`,
              },
              {
                title: t('organisations.budget.state'),
                dataIndex: 'overspent',
                render: (o: boolean) =>
                  o ? (
                    <Tag color="red" icon={<WarningOutlined />}>
                      {t('organisations.budget.overspent')}
                    </Tag>
                  ) : (
                    <Tag color="green">{t('organisations.budget.within')}</Tag>
                  ),
              },
            ]}
            footer={() => t('organisations.budget.allowed', { percent: budget.allowedVariancePercent })}
          />
        )}
      </Card>
      {alerts !== null && (
        <Alert
          type={alerts.length > 0 ? 'warning' : 'success'}
          showIcon
          data-testid="expense-alerts"
          message={
            alerts.length > 0
              ? t('organisations.expenses.overspentAlert', { lines: alerts.map(lineName).join('、') })
              : t('organisations.expenses.noAlert')
          }
          closable
          onClose={() => setAlerts(null)}
        />
      )}
      {active && budget.lines.length > 0 && !editing && (
        <Card title={t('organisations.expenses.report')}>
          <ReportForm contract={c} budget={budget} onReported={reported} />
        </Card>
      )}
      <Card title={t('organisations.expenses.reports')}>
        <Table<Report>
          size="small"
          rowKey="reportId"
          pagination={false}
          dataSource={[...budget.reports].reverse()}
          data-testid="expense-reports"
          locale={{ emptyText: t('organisations.expenses.none') }}
          columns={[
            { title: t('organisations.expenses.period'), dataIndex: 'period' },
            {
              title: t('organisations.expenses.total'),
              dataIndex: 'totalFen',
              align: 'right',
              render: (f: number) => yuan(f),
            },
            {
              title: t('organisations.expenses.lines'),
              dataIndex: 'lines',
              render: (lines: Report['lines']) => (
                <Space direction="vertical" size={0}>
                  {lines.map((l) => (
                    <span key={l.code}>{`${lineName(l.code)} ${yuan(l.amountFen)} · ${l.vouchers.join('、')}`}</span>
                  ))}
                </Space>
              ),
            },
            { title: t('organisations.expenses.note'), dataIndex: 'note' },
            {
              title: t('organisations.expenses.reportedAt'),
              dataIndex: 'reportedAt',
              render: (at: string) => dateTime(at),
            },
            {
              title: t('organisations.expenses.alerts'),
              dataIndex: 'alerts',
              render: (codes: string[]) =>
                codes.length > 0
                  ? codes.map((code) => (
                      <Tag key={code} color="red">
                        {lineName(code)}
                      </Tag>
                    ))
                  : '—',
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** 经费报告: the contract's budget lines (spent, variance, overspend) and the monthly expense reports. */
export default function ExpensesPage() {
  const { contractId } = useParams();
  const { t } = useI18n();
  const session = useSession();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={<PageTitle>{t('organisations.expenses.title')}</PageTitle>}>
        {session?.principal.organisationId ? (
          <ContractPicker base="/org/expenses" contractId={contractId} />
        ) : (
          <NotLinked />
        )}
      </Card>
      {contractId && <ContractExpenses contractId={contractId} />}
    </Space>
  );
}
