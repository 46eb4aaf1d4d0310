import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { TrophyOutlined } from '@ant-design/icons';
import {
  officialsApi,
  type ComplaintView,
  type EvaluationResult,
  type ProcurementPolicy,
  type TenderView,
} from '../../api/officials';
import { formatDuration, yuan } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { problemText, showFieldErrors } from './errors';
import { columns } from './tags';

const AWARD_COLOR = { pending: 'gold', active: 'green', cancelled: 'default' } as const;
const COMPLAINT_COLOR = { pending: 'gold', upheld: 'red', rejected: 'default' } as const;

type Decision = 'upheld' | 'rejected';

/**
 * The award to the top-ranked bid, pending through the standstill period, and the bidders'
 * complaints: upheld cancels the award and reopens the evaluation; rejected lets it stand.
 */
export function AwardCard({
  tender,
  evaluation,
  policy,
  refreshKey,
  onChanged,
}: {
  tender: TenderView;
  evaluation: EvaluationResult;
  policy: ProcurementPolicy | null;
  refreshKey: number;
  onChanged: (tender: TenderView) => void;
}) {
  const { t, dateTime } = useI18n();
  const { message, modal } = App.useApp();
  const complaints = useAsync(() => officialsApi.complaints(tender.tenderId), [tender.tenderId, refreshKey]);
  const [deciding, setDeciding] = useState<{ complaint: ComplaintView; decision: Decision } | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ resolution: string }>();
  const top = [...evaluation.ranking].sort((a, b) => a.rank - b.rank)[0];
  const award = tender.award;
  const canAward = tender.status === 'evaluation' && top !== undefined;

  const confirmAward = () =>
    top &&
    modal.confirm({
      title: t('officials.award.confirmTitle'),
      content: t('officials.award.confirmBody', {
        name: top.organisationName,
        amount: yuan(top.priceFen),
        standstill: policy ? formatDuration(policy.standstillSeconds * 1000, t) : '—',
      }),
      okText: t('officials.award.award'),
      cancelText: t('app.cancel'),
      onOk: async () => {
        try {
          onChanged(await officialsApi.award(tender.tenderId));
          void message.success(t('officials.award.awarded'));
        } catch (error) {
          void message.error(problemText(error, t));
        }
      },
    });

  const resolve = async () => {
    if (!deciding) return;
    const { resolution } = await form.validateFields();
    setBusy(true);
    try {
      const next = await officialsApi.resolveComplaint(tender.tenderId, deciding.complaint.complaintId, {
        decision: deciding.decision,
        resolution,
      });
      setDeciding(null);
      complaints.reload();
      onChanged(next);
      void message.success(t('officials.complaints.resolved'));
    } catch (error) {
      if (!showFieldErrors(form, error, ['resolution'])) void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <Space>
          <TrophyOutlined />
          {t('officials.award.title')}
        </Space>
      }
      data-testid="award"
    >
      {canAward && (
        <Space direction="vertical" style={{ marginBottom: 16 }}>
          <Typography.Text>
            {t('officials.award.proposal', { name: top.organisationName, amount: yuan(top.priceFen) })}
          </Typography.Text>
          <Button type="primary" icon={<TrophyOutlined />} onClick={confirmAward}>
            {t('officials.award.award')}
          </Button>
        </Space>
      )}
      {award && (
        <Descriptions bordered size="small" column={columns(2)}>
          <Descriptions.Item label={t('officials.award.organisation')}>{award.organisationName}</Descriptions.Item>
          <Descriptions.Item label={t('officials.award.amount')}>{yuan(award.amountFen)}</Descriptions.Item>
          <Descriptions.Item label={t('officials.award.status')}>
            <Tag color={AWARD_COLOR[award.status]} data-award-status={award.status}>
              {t(`officials.awardStatus.${award.status}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('officials.award.date')}>{dateTime(award.date)}</Descriptions.Item>
          <Descriptions.Item label={t('officials.award.standstillEnd')} span={2}>
            <span data-testid="standstill-end">{dateTime(award.standstillEnd)}</span>
            {award.status === 'pending' && (
              <Typography.Text type="secondary">{` ${t('officials.award.standstillHint')}`}</Typography.Text>
            )}
          </Descriptions.Item>
          {award.cancelledReason && (
            <Descriptions.Item label={t('officials.award.cancelledReason')} span={2}>
              {award.cancelledReason}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {!award && !canAward && <Typography.Text type="secondary">{t('officials.award.none')}</Typography.Text>}

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('officials.complaints.title')}
      </Typography.Title>
      {complaints.error !== undefined && <Alert type="warning" showIcon message={problemText(complaints.error, t)} />}
      <Table<ComplaintView>
        size="small"
        rowKey="complaintId"
        pagination={false}
        loading={complaints.loading}
        dataSource={complaints.data ?? []}
        locale={{ emptyText: t('officials.complaints.empty') }}
        data-testid="complaints"
        columns={[
          {
            title: t('officials.complaints.complainant'),
            dataIndex: 'organisationId',
            render: (id: string) => evaluation.ranking.find((r) => r.organisationId === id)?.organisationName ?? id,
          },
          {
            title: t('officials.complaints.subject'),
            key: 'subject',
            render: (_: unknown, c) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{c.title}</Typography.Text>
                <Typography.Text type="secondary">{c.description}</Typography.Text>
              </Space>
            ),
          },
          { title: t('officials.complaints.filedAt'), dataIndex: 'filedAt', render: (at: string) => dateTime(at) },
          {
            title: t('officials.complaints.status'),
            key: 'status',
            render: (_: unknown, c) => (
              <Space direction="vertical" size={0}>
                <Tag color={COMPLAINT_COLOR[c.status]}>{t(`officials.complaintStatus.${c.status}`)}</Tag>
                {c.resolution && <Typography.Text type="secondary">{c.resolution}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t('officials.complaints.decide'),
            key: 'decide',
            render: (_: unknown, c) =>
              c.status === 'pending' ? (
                <Space wrap>
                  <Button
                    size="small"
                    danger
                    onClick={() => {
                      form.resetFields();
                      setDeciding({ complaint: c, decision: 'upheld' });
                    }}
                  >
                    {t('officials.complaints.uphold')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => {
                      form.resetFields();
                      setDeciding({ complaint: c, decision: 'rejected' });
                    }}
                  >
                    {t('officials.complaints.dismiss')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal
        open={deciding !== null}
        title={
          deciding
            ? t(
                deciding.decision === 'upheld'
                  ? 'officials.complaints.upholdTitle'
                  : 'officials.complaints.dismissTitle',
                {
                  title: deciding.complaint.title,
                },
              )
            : ''
        }
        okText={t('app.confirm')}
        cancelText={t('app.cancel')}
        confirmLoading={busy}
        onOk={() => void resolve().catch(() => undefined)}
        onCancel={() => setDeciding(null)}
        forceRender
      >
        {deciding?.decision === 'upheld' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('officials.complaints.upholdEffect')}
          />
        )}
        <Form form={form} layout="vertical">
          <Form.Item
            name="resolution"
            label={t('officials.complaints.resolution')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('validation.required', { field: t('officials.complaints.resolution') }),
              },
              { min: 4, message: t('validation.minLength', { field: t('officials.complaints.resolution'), min: 4 }) },
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
