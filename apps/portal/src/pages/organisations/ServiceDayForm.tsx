import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Fulfilment, organisationsApi, type ContractView, type RecordServiceDayRequest } from '../../api/organisations';
import { useI18n } from '../../i18n';
import { fieldPath, needLabel, orgError, problemsOf, reasonText } from './common';

/** Service types offered in the day's table (the API takes any short code). */
export const SERVICE_TYPES = [
  'home_visit',
  'daily_care',
  'rehabilitation',
  'counselling',
  'group_activity',
  'escort',
  'meal_delivery',
  'assessment',
  'referral',
] as const;

interface LineRow {
  needId?: string;
  hours?: number;
  serviceType?: string;
  place?: string;
  notes?: string;
  completesNeed?: boolean;
  residentCode?: string;
}

interface DayValues {
  deliveredOn?: Dayjs;
  records?: LineRow[];
}

const MAX_LINES = 50;
const LINE_FIELDS = new Set(['needId', 'hours', 'serviceType', 'place', 'notes', 'completesNeed', 'residentCode']);
const emptyLine = (): LineRow => ({ completesNeed: false, serviceType: 'home_visit' });

/** The day a record may carry: today if the contract period allows, else the nearest day of the period. */
export function defaultDay(contract: Pick<ContractView, 'period'>): Dayjs {
  const today = dayjs().format('YYYY-MM-DD');
  const { startDate, endDate } = contract.period;
  return dayjs(today < startDate ? startDate : today > endDate ? endDate : today);
}

function toRequest(values: DayValues): RecordServiceDayRequest {
  return {
    deliveredOn: values.deliveredOn?.format('YYYY-MM-DD') ?? '',
    records: (values.records ?? []).map((r) => {
      const code = r.residentCode?.trim().toUpperCase();
      return {
        needId: r.needId ?? '',
        hours: r.hours ?? 0,
        serviceType: r.serviceType?.trim() ?? '',
        place: r.place?.trim() ?? '',
        notes: r.notes?.trim() ?? '',
        completesNeed: r.completesNeed === true,
        ...(code ? { residentCode: code } : {}),
      };
    }),
  };
}

/**
 * A social worker's day in one submission: an editable table of up to 50 lines, checked by
 * the contract's schema here and by fulfilment before any line is stored; every line's
 * problems are shown in its own cells and listed above the table.
 */
export function ServiceDayForm({
  contract,
  onRecorded,
}: {
  contract: ContractView;
  onRecorded: (count: number) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DayValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; lines: string[] } | null>(null);

  const row = (i: number) => t('organisations.row', { n: i + 1 });
  const needOptions = contract.needIds.map((id) => ({ value: id, label: needLabel(contract, id, t) }));
  const typeOptions = SERVICE_TYPES.map((s) => ({ value: s, label: t(`organisations.serviceType.${s}`) }));

  /** Puts each problem beside its cell; returns the lines' problems as sentences for the summary. */
  const showProblems = (problems: { field: string; reason: string }[]): string[] => {
    const fields = new Map<string, { name: (string | number)[]; errors: string[] }>();
    const sentences: string[] = [];
    for (const p of problems) {
      const path = fieldPath(p.field);
      const reason = reasonText(p.reason, t);
      if (path[0] === 'records' && typeof path[1] === 'number' && LINE_FIELDS.has(String(path[2]))) {
        const name = ['records', path[1], String(path[2])];
        const key = name.join('.');
        fields.set(key, { name, errors: [...(fields.get(key)?.errors ?? []), reason] });
        sentences.push(
          t('organisations.records.lineProblem', {
            row: row(path[1]),
            field: t(`organisations.records.col.${String(path[2])}` as 'organisations.records.col.hours'),
            reason,
          }),
        );
      } else if (path[0] === 'deliveredOn') {
        fields.set('deliveredOn', { name: ['deliveredOn'], errors: [reason] });
        sentences.push(`${t('organisations.records.deliveredOn')}：${reason}`);
      } else sentences.push(reason);
    }
    form.setFields([...fields.values()] as Parameters<typeof form.setFields>[0]);
    return sentences;
  };

  const submit = async (values: DayValues) => {
    setFailure(null);
    const body = toRequest(values);
    const checked = Fulfilment.RecordServiceDayRequest.safeParse(body);
    if (!checked.success) {
      const lines = showProblems(checked.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })));
      setFailure({ message: t('organisations.records.invalid'), lines });
      return;
    }
    setBusy(true);
    try {
      const stored = await organisationsApi.recordDay(contract.contractId, body);
      form.setFieldsValue({ records: [emptyLine()] });
      void message.success(t('organisations.records.stored', { count: stored.length }));
      onRecorded(stored.length);
    } catch (e) {
      const lines = showProblems(problemsOf(e));
      setFailure({ message: orgError(e, t), lines });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<DayValues>
      form={form}
      layout="vertical"
      initialValues={{ deliveredOn: defaultDay(contract), records: [emptyLine()] }}
      onFinish={(v) => void submit(v)}
      onFinishFailed={() => setFailure({ message: t('organisations.records.invalid'), lines: [] })}
      onValuesChange={() => setFailure(null)}
    >
      <Form.Item
        name="deliveredOn"
        label={t('organisations.records.deliveredOn')}
        extra={t('organisations.records.period', { start: contract.period.startDate, end: contract.period.endDate })}
        rules={[{ required: true, message: t('organisations.validation.required') }]}
      >
        <DatePicker
          allowClear={false}
          disabledDate={(d) =>
            d.format('YYYY-MM-DD') < contract.period.startDate || d.format('YYYY-MM-DD') > contract.period.endDate
          }
        />
      </Form.Item>
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="day-problems"
          message={failure.message}
          description={
            failure.lines.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {failure.lines.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Form.List name="records">
        {(fields, { add, remove }) => (
          <>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={fields}
              data-testid="day-table"
              scroll={{ x: 1000 }}
              columns={[
                { title: '#', key: 'n', width: 40, render: (_: unknown, _f, i) => i + 1 },
                {
                  title: t('organisations.records.col.needId'),
                  key: 'needId',
                  width: 170,
                  render: (_: unknown, field, i) => (
                    <Form.Item
                      name={[field.name, 'needId']}
                      style={{ margin: 0 }}
                      rules={[{ required: true, message: t('organisations.validation.select') }]}
                    >
                      <Select aria-label={`${t('organisations.records.col.needId')} ${row(i)}`} options={needOptions} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('organisations.records.col.hours'),
                  key: 'hours',
                  width: 90,
                  render: (_: unknown, field, i) => (
                    <Form.Item
                      name={[field.name, 'hours']}
                      style={{ margin: 0 }}
                      rules={[
                        {
                          required: true,
                          type: 'number',
                          min: 0.25,
                          max: 24,
                          message: t('organisations.validation.hours'),
                        },
                      ]}
                    >
                      <InputNumber
                        aria-label={`${t('organisations.records.col.hours')} ${row(i)}`}
                        min={0}
                        max={24}
                        step={0.5}
                        style={{ width: '100%' }}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: t('organisations.records.col.serviceType'),
                  key: 'serviceType',
                  width: 130,
                  render: (_: unknown, field, i) => (
                    <Form.Item
                      name={[field.name, 'serviceType']}
                      style={{ margin: 0 }}
                      rules={[{ required: true, message: t('organisations.validation.select') }]}
                    >
                      <Select
                        aria-label={`${t('organisations.records.col.serviceType')} ${row(i)}`}
                        options={typeOptions}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: t('organisations.records.col.place'),
                  key: 'place',
                  render: (_: unknown, field, i) => (
                    <Form.Item name={[field.name, 'place']} style={{ margin: 0 }}>
                      <Input aria-label={`${t('organisations.records.col.place')} ${row(i)}`} maxLength={200} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('organisations.records.col.notes'),
                  key: 'notes',
                  render: (_: unknown, field, i) => (
                    <Form.Item name={[field.name, 'notes']} style={{ margin: 0 }}>
                      <Input aria-label={`${t('organisations.records.col.notes')} ${row(i)}`} maxLength={2000} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('organisations.records.col.completesNeed'),
                  key: 'completesNeed',
                  width: 80,
                  render: (_: unknown, field, i) => (
                    <Form.Item name={[field.name, 'completesNeed']} valuePropName="checked" style={{ margin: 0 }}>
                      <Checkbox aria-label={`${t('organisations.records.col.completesNeed')} ${row(i)}`} />
                    </Form.Item>
                  ),
                },
                {
                  title: t('organisations.records.col.residentCode'),
                  key: 'residentCode',
                  width: 110,
                  render: (_: unknown, field, i) => (
                    <Form.Item
                      name={[field.name, 'residentCode']}
                      style={{ margin: 0 }}
                      rules={[{ pattern: /^[0-9A-Z]{6}$/, message: t('organisations.reason.residentCodeFormat') }]}
                      normalize={(v: string | undefined) => v?.toUpperCase()}
                    >
                      <Input
                        aria-label={`${t('organisations.records.col.residentCode')} ${row(i)}`}
                        maxLength={6}
                        style={{ fontFamily: 'monospace' }}
                      />
                    </Form.Item>
                  ),
                },
                {
                  title: '',
                  key: 'remove',
                  width: 48,
                  render: (_: unknown, field, i) => (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={fields.length === 1}
                      aria-label={`${t('organisations.records.removeLine')} ${row(i)}`}
                      onClick={() => remove(field.name)}
                    />
                  ),
                },
              ]}
            />
            <Space style={{ marginTop: 12 }} wrap>
              <Button icon={<PlusOutlined />} onClick={() => add(emptyLine())} disabled={fields.length >= MAX_LINES}>
                {t('organisations.records.addLine')}
              </Button>
              <Typography.Text type="secondary">
                {t('organisations.records.limit', { n: fields.length, max: MAX_LINES })}
              </Typography.Text>
            </Space>
          </>
        )}
      </Form.List>
      <Form.Item style={{ marginTop: 16 }}>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('organisations.records.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
