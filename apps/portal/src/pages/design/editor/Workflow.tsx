import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Space, Tag } from 'antd';
import { CheckOutlined, CloseOutlined, RollbackOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { designApi, type ProjectStatus, type ProjectView } from '../../../api/design';
import { hasRole } from '../../../auth/session';
import { useSession } from '../../../hooks';
import { useI18n, type MessageKey } from '../../../i18n';
import { designError } from '../common';
import { DESIGN_ROLES } from '../roles';

const CANCELLABLE: readonly ProjectStatus[] = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'published',
  'in_procurement',
];

type Dialog = 'return' | 'cancel' | 'publish' | null;

/** A short form in a dialog: a reason or comments (≥ 5 characters), or a bid deadline. */
function DecisionDialog({
  kind,
  onDone,
  onClose,
}: {
  kind: Exclude<Dialog, null>;
  onDone: (value: { text?: string; deadline?: Dayjs | null }) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text?: string; deadline?: Dayjs | null }>();
  const [busy, setBusy] = useState(false);
  const titles: Record<typeof kind, MessageKey> = {
    return: 'design.editor.return',
    cancel: 'design.editor.cancelProject',
    publish: 'design.editor.publish',
  };
  const label: MessageKey = kind === 'return' ? 'design.editor.returnComments' : 'design.editor.cancelReason';
  return (
    <Modal
      open
      title={t(titles[kind])}
      okText={t('app.confirm')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setBusy(true);
          void onDone(values).finally(() => setBusy(false));
        }}
      >
        {kind === 'publish' ? (
          <Form.Item name="deadline" label={t('design.field.bidDeadline')} extra={t('design.editor.publishHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        ) : (
          <Form.Item
            name="text"
            label={t(label)}
            rules={[
              { required: true, whitespace: true, message: t('validation.required', { field: t(label) }) },
              { min: 5, message: t('validation.minLength', { field: t(label), min: 5 }) },
            ]}
          >
            <Input.TextArea rows={4} maxLength={kind === 'return' ? 4000 : 2000} showCount />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/**
 * The moves the user's role and the project's status allow: authors save and submit, deciders
 * return, approve and publish, both may cancel (the server checks scope and four eyes again).
 */
export function Workflow({
  project,
  dirty,
  busy,
  onSave,
  onSubmit,
  onChanged,
  onFailure,
}: {
  project: ProjectView;
  dirty: boolean;
  busy: boolean;
  onSave: () => void;
  onSubmit: () => void;
  onChanged: (project: ProjectView) => void;
  onFailure: (message: string) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const principal = useSession()?.principal;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [deciding, setDeciding] = useState(false);
  const editable = project.status === 'draft' || project.status === 'returned';
  const author = hasRole(principal, DESIGN_ROLES.author);
  const approver = hasRole(principal, DESIGN_ROLES.approve);

  const run = async (action: () => Promise<ProjectView>, done: MessageKey) => {
    setDeciding(true);
    try {
      const updated = await action();
      onChanged(updated);
      setDialog(null);
      void message.success(t(done));
    } catch (error) {
      onFailure(designError(error, t));
    } finally {
      setDeciding(false);
    }
  };

  return (
    <Space wrap>
      {author && editable && (
        <>
          <Button icon={<SaveOutlined />} onClick={onSave} loading={busy} disabled={deciding}>
            {t('design.editor.save')}
          </Button>
          <Button type="primary" icon={<SendOutlined />} onClick={onSubmit} loading={busy} disabled={deciding}>
            {t('design.editor.submit')}
          </Button>
          {dirty && <Tag color="orange">{t('design.editor.unsaved')}</Tag>}
        </>
      )}
      {approver && project.status === 'submitted' && (
        <Button
          type="primary"
          icon={<CheckOutlined />}
          loading={deciding}
          onClick={() => void run(() => designApi.approve(project.projectId), 'design.editor.approved')}
        >
          {t('design.editor.approve')}
        </Button>
      )}
      {approver && project.status === 'approved' && (
        <Button type="primary" icon={<SendOutlined />} onClick={() => setDialog('publish')}>
          {t('design.editor.publish')}
        </Button>
      )}
      {approver && (project.status === 'submitted' || project.status === 'approved') && (
        <Button icon={<RollbackOutlined />} onClick={() => setDialog('return')}>
          {t('design.editor.return')}
        </Button>
      )}
      {hasRole(principal, DESIGN_ROLES.cancel) && CANCELLABLE.includes(project.status) && (
        <Button danger icon={<CloseOutlined />} onClick={() => setDialog('cancel')}>
          {t('design.editor.cancelProject')}
        </Button>
      )}
      {dialog && (
        <DecisionDialog
          kind={dialog}
          onClose={() => setDialog(null)}
          onDone={({ text, deadline }) =>
            dialog === 'return'
              ? run(() => designApi.returnProject(project.projectId, text?.trim() ?? ''), 'design.editor.returned')
              : dialog === 'cancel'
                ? run(() => designApi.cancel(project.projectId, text?.trim() ?? ''), 'design.editor.cancelled')
                : run(
                    () => designApi.publish(project.projectId, deadline ? deadline.toISOString() : undefined),
                    'design.editor.published',
                  )
          }
        />
      )}
    </Space>
  );
}
