import { useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { officialsApi, type RoundView } from '../../api/officials';
import { useReference } from '../../api/reference';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { problemText, showFieldErrors } from './errors';

interface Values {
  title: string;
  description?: string;
  categories: string[];
  budgetYuan: number;
  maxGrantYuan?: number | null;
  deadline: Dayjs;
  criteria: Array<{ code: string; name: string; weight: number }>;
  minScore: number;
  programmeId?: string | null;
}

const toFen = (yuan: number) => Math.round(yuan * 100);

/** A venture-funding round (公益创投) opened directly: the call, its budget, deadline and criteria. */
export function OpenRoundModal({
  open,
  onClose,
  onOpened,
}: {
  open: boolean;
  onClose: () => void;
  onOpened: (round: RoundView) => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const { reference } = useReference();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const programmes = useAsync(() => (open ? officialsApi.programmes() : Promise.resolve([])), [open]);
  const field = (key: Parameters<typeof t>[0]) => t(key);
  const required = (key: Parameters<typeof t>[0]) => [
    { required: true, message: t('validation.required', { field: field(key) }) },
  ];

  const submit = async () => {
    const v = await form.validateFields();
    const total = v.criteria.reduce((s, c) => s + (c.weight ?? 0), 0);
    if (total !== 100) {
      void message.error(t('officials.openRound.weightsTotal', { total }));
      return;
    }
    setBusy(true);
    try {
      const round = await officialsApi.openRound({
        title: v.title,
        description: v.description ?? '',
        categories: v.categories,
        budgetFen: toFen(v.budgetYuan),
        maxGrantFen: v.maxGrantYuan ? toFen(v.maxGrantYuan) : null,
        deadline: v.deadline.second(0).millisecond(0).toISOString(),
        criteria: v.criteria,
        minScore: v.minScore,
        programmeId: v.programmeId ?? null,
      });
      void message.success(t('officials.openRound.opened'));
      onOpened(round);
    } catch (error) {
      if (!showFieldErrors(form, error, ['title', 'categories', 'deadline', 'minScore']))
        void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      width={720}
      title={t('officials.openRound.title')}
      okText={t('officials.openRound.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          minScore: 60,
          deadline: dayjs().add(30, 'day').hour(17).minute(0),
          criteria: [
            { code: 'need_fit', name: t('officials.openRound.defaultNeedFit'), weight: 40 },
            { code: 'plan', name: t('officials.openRound.defaultPlan'), weight: 40 },
            { code: 'capacity', name: t('officials.openRound.defaultCapacity'), weight: 20 },
          ],
        }}
      >
        <Form.Item name="title" label={t('officials.round.title')} rules={required('officials.round.title')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('officials.openRound.description')}>
          <Input.TextArea rows={2} maxLength={8000} />
        </Form.Item>
        <Form.Item
          name="categories"
          label={t('officials.openRound.categories')}
          rules={[{ required: true, message: t('validation.select', { field: t('officials.openRound.categories') }) }]}
        >
          <Select
            mode="multiple"
            options={(reference?.categories ?? []).map((c) => ({ value: c.code, label: pick(c.name) }))}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="budgetYuan"
              label={t('officials.openRound.budget')}
              rules={required('officials.openRound.budget')}
            >
              <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="maxGrantYuan" label={t('officials.openRound.maxGrant')}>
              <InputNumber min={0.01} precision={2} prefix="¥" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="deadline"
              label={t('officials.round.deadline')}
              rules={required('officials.round.deadline')}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="minScore"
              label={t('officials.openRound.minScore')}
              rules={required('officials.openRound.minScore')}
            >
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="programmeId" label={t('officials.openRound.programme')}>
          <Select
            allowClear
            options={(programmes.data ?? [])
              .filter((p) => p.mode === 'venture_funding' && p.status === 'open')
              .map((p) => ({ value: p.programmeId, label: p.name }))}
          />
        </Form.Item>
        <Form.List name="criteria">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map(({ key, name }) => (
                <Row gutter={8} key={key} align="top">
                  <Col span={7}>
                    <Form.Item
                      name={[name, 'code']}
                      label={t('officials.openRound.criterionCode')}
                      rules={[
                        {
                          required: true,
                          pattern: /^[a-z][a-z0-9_]{0,39}$/,
                          message: t('officials.openRound.codeRule'),
                        },
                      ]}
                    >
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={10}>
                    <Form.Item
                      name={[name, 'name']}
                      label={t('officials.criterion.name')}
                      rules={required('officials.criterion.name')}
                    >
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item
                      name={[name, 'weight']}
                      label={t('officials.criterion.weight')}
                      rules={required('officials.criterion.weight')}
                    >
                      <InputNumber min={1} max={100} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={2} style={{ paddingTop: 30 }}>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t('officials.openRound.removeCriterion')}
                      onClick={() => remove(name)}
                      disabled={fields.length <= 1}
                    />
                  </Col>
                </Row>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ weight: 10 })}>
                {t('officials.openRound.addCriterion')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
