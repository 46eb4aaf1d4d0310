import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { FundingMode } from '@sanshe/contracts/events/common';
import type { EvaluationCriterion } from '@sanshe/contracts/events/design';
import { designApi, type CreateProjectRequest, type ProgrammeView, type Suggestion } from '../../api/design';
import { yuan } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n, type I18n } from '../../i18n';
import { designError } from './common';

interface CreateForm {
  title: string;
  fundingMode: ProgrammeView['mode'];
  programmeId?: string;
}

/** A starting point the author adjusts: service procurement is priced, a grant round is not. */
export function defaultCriteria(mode: ProgrammeView['mode'], t: I18n['t']): EvaluationCriterion[] {
  return mode === 'government_purchase'
    ? [
        { code: 'price', name: t('design.criterion.price'), kind: 'price', weight: 30 },
        { code: 'service_plan', name: t('design.criterion.technical'), kind: 'technical', weight: 50 },
        { code: 'team', name: t('design.criterion.qualification'), kind: 'qualification', weight: 20 },
      ]
    : [
        { code: 'service_plan', name: t('design.criterion.technical'), kind: 'technical', weight: 70 },
        { code: 'team', name: t('design.criterion.qualification'), kind: 'qualification', weight: 30 },
      ];
}

/** The suggestion as a draft: its needs, communities, category and draft budget, and a title to edit. */
export function requestFromSuggestion(s: Suggestion, values: CreateForm, t: I18n['t']): CreateProjectRequest {
  return {
    title: values.title.trim(),
    category: s.category,
    needIds: s.needIds,
    communityCodes: s.communityCodes,
    fundingMode: values.fundingMode,
    programmeId: values.programmeId ?? null,
    budgetLines: (s.draftBudget?.lines ?? [])
      .filter((l) => l.amountFen > 0)
      .map((l) => ({ kind: l.kind, description: t(`design.line.${l.kind}`), amountFen: l.amountFen })),
    evaluationCriteria: defaultCriteria(values.fundingMode, t),
  };
}

export function CreateProjectModal({
  suggestion,
  title,
  onClose,
}: {
  suggestion: Suggestion;
  title: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateForm>();
  const mode = Form.useWatch('fundingMode', form) ?? 'government_purchase';
  const programmes = useAsync((signal) => designApi.programmes({}, signal), []);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const create = async (values: CreateForm) => {
    setBusy(true);
    setFailure(null);
    try {
      const project = await designApi.createProject(requestFromSuggestion(suggestion, values, t));
      void message.success(t('design.create.created'));
      void navigate(`/design/projects/${project.projectId}`);
    } catch (error) {
      setFailure(designError(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('design.create.title')}
      okText={t('design.create.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('design.create.summary', {
          needs: suggestion.needIds.length,
          people: suggestion.beneficiaries,
          budget: suggestion.draftBudget ? yuan(suggestion.draftBudget.totalFen) : '—',
        })}
      </Typography.Paragraph>
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 16 }} />}
      <Form<CreateForm>
        form={form}
        layout="vertical"
        initialValues={{ title, fundingMode: 'government_purchase' }}
        onFinish={(values) => void create(values)}
        onValuesChange={(changed: Partial<CreateForm>) => {
          if (changed.fundingMode) form.setFieldValue('programmeId', undefined);
        }}
      >
        <Form.Item
          name="title"
          label={t('design.create.projectTitle')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required', { field: t('design.field.title') }) },
            { min: 2, max: 200, message: t('validation.minLength', { field: t('design.field.title'), min: 2 }) },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="fundingMode" label={t('design.create.fundingMode')}>
          <Radio.Group
            optionType="button"
            options={FundingMode.options.map((m) => ({ value: m, label: t(`design.mode.${m}`) }))}
          />
        </Form.Item>
        <Form.Item name="programmeId" label={t('design.create.programme')}>
          <Select
            allowClear
            loading={programmes.loading}
            placeholder={t('design.create.programmeLater')}
            options={(programmes.data ?? [])
              .filter((p) => p.status === 'open' && p.mode === mode)
              .map((p) => ({
                value: p.programmeId,
                label: t('design.field.programmeAvailable', { name: p.name, available: yuan(p.availableFen) }),
              }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
