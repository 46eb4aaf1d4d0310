import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, List, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { officialsApi, type PanelKind, type PanelView } from '../../api/officials';
import { useI18n } from '../../i18n';
import { problemText, showFieldErrors } from './errors';

interface Values {
  conflicts: string[];
  statement: string;
}

/**
 * The declaration of interests, made once the bidders are known and before any content is
 * seen. The evaluator answers for each bidder; the API takes one declaration for the panel,
 * so any conflict recuses them and the statement names the bidders concerned.
 */
export function DeclarationCard({
  kind,
  targetId,
  subjects,
  onDeclared,
}: {
  kind: PanelKind;
  targetId: string;
  subjects: PanelView['subjects'];
  onDeclared: (panel: PanelView) => void;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const conflicts = Form.useWatch('conflicts', form) ?? [];

  const submit = async () => {
    const v = await form.validateFields();
    const names = subjects.filter((s) => v.conflicts.includes(s.subjectId)).map((s) => s.organisationName);
    const statement =
      names.length > 0
        ? `${t('officials.declare.conflictWith', { names: names.join('、') })}${v.statement.trim()}`
        : v.statement.trim();
    modal.confirm({
      title: t('officials.declare.confirmTitle'),
      content: t(names.length > 0 ? 'officials.declare.confirmConflict' : 'officials.declare.confirmNone'),
      okText: t('officials.declare.submit'),
      cancelText: t('app.cancel'),
      onOk: async () => {
        setBusy(true);
        try {
          const panel = await officialsApi.declare(kind, targetId, { conflictOfInterest: names.length > 0, statement });
          void message.success(t('officials.declare.done'));
          onDeclared(panel);
        } catch (error) {
          if (!showFieldErrors(form, error, ['statement'])) void message.error(problemText(error, t));
        } finally {
          setBusy(false);
        }
      },
    });
  };

  return (
    <Card
      title={
        <>
          <SafetyCertificateOutlined /> {t('officials.declare.title')}
        </>
      }
      data-testid="declaration"
    >
      <Typography.Paragraph>{t('officials.declare.intro')}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" initialValues={{ conflicts: [], statement: '' }}>
        <Form.Item name="conflicts" label={t('officials.declare.bidders')}>
          <Checkbox.Group style={{ width: '100%' }}>
            <List
              bordered
              size="small"
              style={{ width: '100%' }}
              dataSource={subjects}
              renderItem={(s) => (
                <List.Item>
                  <Checkbox value={s.subjectId}>
                    {t('officials.declare.conflictFor', { name: s.organisationName })}
                  </Checkbox>
                </List.Item>
              )}
            />
          </Checkbox.Group>
        </Form.Item>
        <Form.Item
          name="statement"
          label={t('officials.declare.statement')}
          extra={t(conflicts.length > 0 ? 'officials.declare.statementConflict' : 'officials.declare.statementNone')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('validation.required', { field: t('officials.declare.statement') }),
            },
            { min: 2, message: t('validation.minLength', { field: t('officials.declare.statement'), min: 2 }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1800} />
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void submit().catch(() => undefined)}>
          {t('officials.declare.submit')}
        </Button>
      </Form>
    </Card>
  );
}
