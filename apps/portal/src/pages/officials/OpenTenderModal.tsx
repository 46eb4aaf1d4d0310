import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Descriptions, Form, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { officialsApi, type ProjectView } from '../../api/officials';
import { yuan } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { problemText, showFieldErrors } from './errors';
import { CriteriaTable } from './ProjectFacts';

export interface Opened {
  project: ProjectView;
  tenderId: string | null;
  roundId: string | null;
}

interface Values {
  projectId: string;
  bidDeadline: Dayjs;
}

const wait = (ms: number) => new Promise((ok) => window.setTimeout(ok, ms));

/**
 * Procurement opens a tender (or a venture-funding round) when an approved project is
 * published, with the project's method, criteria, eligibility and ceiling: the official
 * chooses the bid deadline, no earlier than the policy's least bid period for the method.
 */
export function OpenTenderModal({
  open,
  fixed,
  onClose,
  onOpened,
}: {
  open: boolean;
  fixed?: ProjectView;
  onClose: () => void;
  onOpened: (opened: Opened) => void;
}) {
  const { t, date } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const approved = useAsync(
    () => (open && !fixed ? officialsApi.projects('approved') : Promise.resolve(fixed ? [fixed] : [])),
    [open, fixed?.projectId],
  );
  const policies = useAsync(() => (open ? officialsApi.designPolicies() : Promise.resolve([])), [open]);
  const projectId = Form.useWatch('projectId', form);
  const project = (approved.data ?? []).find((p) => p.projectId === projectId);
  const inForce = (policies.data ?? []).find((p) => p.inForce);
  const minDays = project && inForce ? (inForce.values.minBidPeriodDays[project.procurementMethod] ?? 0) : 0;
  const earliest = dayjs().add(minDays, 'day');

  useEffect(() => {
    if (open) form.setFieldsValue({ projectId: fixed?.projectId });
  }, [open, fixed?.projectId, form]);
  useEffect(() => {
    // The earliest deadline the policy allows, a day on, at 17:00: a sensible default.
    if (project)
      form.setFieldsValue({
        bidDeadline: dayjs()
          .add(minDays + 1, 'day')
          .hour(17)
          .minute(0)
          .second(0),
      });
  }, [project, minDays, form]);

  const findOpened = async (p: ProjectView): Promise<Opened> => {
    // Procurement opens it from design's event: it appears a moment after publication.
    for (let attempt = 0; attempt < 20; attempt++) {
      if (p.fundingMode === 'government_purchase') {
        const tender = (await officialsApi.tenders({ projectId: p.projectId }))[0];
        if (tender) return { project: p, tenderId: tender.tenderId, roundId: null };
      } else {
        const round = (await officialsApi.rounds()).find((r) => r.projectId === p.projectId);
        if (round) return { project: p, tenderId: null, roundId: round.roundId };
      }
      await wait(300);
    }
    return { project: p, tenderId: null, roundId: null };
  };

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const published = await officialsApi.publish(
        values.projectId,
        values.bidDeadline.second(0).millisecond(0).toISOString(),
      );
      void message.success(t('officials.open.published'));
      onOpened(await findOpened(published));
    } catch (error) {
      if (!showFieldErrors(form, error, ['bidDeadline'])) void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      width={720}
      title={t('officials.open.title')}
      okText={t('officials.open.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('officials.open.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="projectId"
          label={t('officials.open.project')}
          rules={[{ required: true, message: t('validation.select', { field: t('officials.open.project') }) }]}
        >
          <Select
            disabled={fixed !== undefined}
            loading={approved.loading}
            notFoundContent={t('officials.open.noApproved')}
            options={(approved.data ?? []).map((p) => ({ value: p.projectId, label: p.title }))}
          />
        </Form.Item>
        <Form.Item
          name="bidDeadline"
          label={t('officials.open.deadline')}
          extra={
            project ? t('officials.open.deadlineHint', { days: minDays, date: date(earliest.toISOString()) }) : null
          }
          rules={[
            { required: true, message: t('validation.select', { field: t('officials.open.deadline') }) },
            {
              validator: (_, value: Dayjs | undefined) =>
                !value || !value.isBefore(earliest)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('officials.open.deadlineTooSoon', { days: minDays }))),
            },
          ]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      {project && (
        <>
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('officials.project.method')}>
              {t(`officials.method.${project.procurementMethod}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('officials.tender.ceiling')}>{yuan(project.budgetFen)}</Descriptions.Item>
            <Descriptions.Item label={t('officials.tender.eligibility')} span={2}>
              {t('officials.project.eligibility', {
                kinds: project.eligibility.organisationKinds.map((k) => t(`officials.orgKind.${k}`)).join('、'),
                percent: project.eligibility.minCertifiedSocialWorkerPercent,
              })}
            </Descriptions.Item>
          </Descriptions>
          <CriteriaTable criteria={project.evaluationCriteria} />
          {project.fundingMode === 'venture_funding' && (
            <Alert type="info" showIcon style={{ marginTop: 12 }} message={t('officials.open.roundNote')} />
          )}
          <Alert type="info" showIcon style={{ marginTop: 12 }} message={t('officials.open.fromProject')} />
        </>
      )}
    </Modal>
  );
}
