import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { RedoOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import { ProcurementMethod as Methods } from '@sanshe/contracts/events/design';
import { officialsApi, type ProcurementMethod, type TenderView } from '../../api/officials';
import { useI18n } from '../../i18n';
import { problemText, showFieldErrors } from './errors';

type Action = 'cancel' | 'continue' | 'rerun';
const FINAL: readonly TenderView['status'][] = ['complete', 'unsuccessful', 'cancelled'];

interface Values {
  reason: string;
  method?: ProcurementMethod;
  periodDays?: number;
}

/** Cancelling a running tender; after 流标 continuing under another method, or re-running it. */
export function TenderActions({
  tender,
  rerunTo,
  onDone,
}: {
  tender: TenderView;
  /** The attempt that already re-ran this tender, if any. */
  rerunTo: TenderView | null;
  onDone: (tender: TenderView, action: Action) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const can: Record<Action, boolean> = {
    cancel: !FINAL.includes(tender.status),
    // Continuing needs the bids received: only a tender that failed after opening them.
    continue: tender.status === 'unsuccessful' && tender.closedAt !== null,
    rerun: (tender.status === 'unsuccessful' || tender.status === 'cancelled') && rerunTo === null,
  };
  const open = (next: Action) => {
    form.resetFields();
    setAction(next);
  };

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const reason = v.reason.trim();
      const next =
        action === 'cancel'
          ? await officialsApi.cancelTender(tender.tenderId, reason)
          : action === 'continue'
            ? await officialsApi.continueTender(tender.tenderId, {
                reason,
                method: v.method ?? 'competitive_consultation',
              })
            : await officialsApi.rerunTender(tender.tenderId, {
                reason,
                ...(v.method ? { method: v.method } : {}),
                ...(v.periodDays ? { tenderPeriodSeconds: Math.round(v.periodDays * 86_400) } : {}),
              });
      setAction(null);
      void message.success(t(`officials.actions.${action ?? 'cancel'}Done`));
      onDone(next, action ?? 'cancel');
    } catch (error) {
      if (!showFieldErrors(form, error, ['reason', 'method'])) void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  const methods = Methods.options
    .filter((m) => action !== 'continue' || m !== tender.method)
    .map((m) => ({ value: m, label: t(`officials.method.${m}`) }));

  return (
    <>
      <Space wrap>
        {can.continue && (
          <Button icon={<SwapOutlined />} onClick={() => open('continue')}>
            {t('officials.actions.continue')}
          </Button>
        )}
        {can.rerun && (
          <Button type="primary" icon={<RedoOutlined />} onClick={() => open('rerun')}>
            {t('officials.actions.rerun')}
          </Button>
        )}
        {can.cancel && (
          <Button danger icon={<StopOutlined />} onClick={() => open('cancel')}>
            {t('officials.actions.cancel')}
          </Button>
        )}
      </Space>
      <Modal
        open={action !== null}
        title={action ? t(`officials.actions.${action}Title`) : ''}
        okText={t('app.confirm')}
        cancelText={t('app.cancel')}
        confirmLoading={busy}
        onOk={() => void submit().catch(() => undefined)}
        onCancel={() => setAction(null)}
        forceRender
      >
        <Form form={form} layout="vertical">
          {(action === 'continue' || action === 'rerun') && (
            <Form.Item
              name="method"
              label={t('officials.actions.method')}
              rules={
                action === 'continue'
                  ? [{ required: true, message: t('validation.select', { field: t('officials.actions.method') }) }]
                  : []
              }
              extra={action === 'rerun' ? t('officials.actions.methodKeep') : null}
            >
              <Select allowClear={action === 'rerun'} options={methods} />
            </Form.Item>
          )}
          {action === 'rerun' && (
            <Form.Item name="periodDays" label={t('officials.actions.periodDays')}>
              <InputNumber min={1} max={180} style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item
            name="reason"
            label={t('officials.actions.reason')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('officials.actions.reason') }),
              },
              { min: 4, message: t('validation.minLength', { field: t('officials.actions.reason'), min: 4 }) },
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
