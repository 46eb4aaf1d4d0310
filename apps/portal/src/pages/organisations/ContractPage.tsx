import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, AuditOutlined, FormOutlined, WalletOutlined } from '@ant-design/icons';
import { organisationsApi, type ContractView } from '../../api/organisations';
import { hasRole } from '../../auth/session';
import { yuan } from '../../format';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { ContractStatusTag, orgError, PageTitle, THREE_COLUMNS } from './common';
import { useNames } from './reference';

type Milestone = ContractView['milestones'][number];
type Tranche = ContractView['tranches'][number];
export type TrancheState = 'paid' | 'due' | 'held' | 'waiting' | 'cancelled';

/** Paid; due (its gate is open, waiting for the funder); held (its gate failed); waiting (gate pending). */
export function trancheState(contract: ContractView, tranche: Tranche): TrancheState {
  if (tranche.status === 'disbursed') return 'paid';
  if (tranche.status === 'cancelled') return 'cancelled';
  const gate = contract.milestones.find((m) => m.kind === tranche.milestone);
  if (gate?.status === 'accepted') return 'due';
  if (gate?.status === 'failed') return 'held';
  return 'waiting';
}

const TRANCHE_COLOR: Record<TrancheState, string> = {
  paid: 'green',
  due: 'blue',
  held: 'red',
  waiting: 'default',
  cancelled: 'default',
};

const MILESTONE_COLOR: Record<Milestone['status'], string> = { pending: 'default', accepted: 'green', failed: 'red' };

function RemediationModal({
  contract,
  milestone,
  onDone,
  onClose,
}: {
  contract: ContractView;
  milestone: Milestone;
  onDone: (c: ContractView) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ plan: string }>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async ({ plan }: { plan: string }) => {
    setBusy(true);
    setFailure(null);
    try {
      onDone(await organisationsApi.remediate(contract.contractId, milestone.milestoneId, plan.trim()));
    } catch (e) {
      setFailure(orgError(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('organisations.remediation.title', { gate: t(`organisations.milestone.${milestone.kind}`) })}
      okText={t('app.submit')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="plan"
          label={t('organisations.remediation.plan')}
          rules={[{ required: true, min: 10, max: 4000, message: t('organisations.validation.plan') }]}
        >
          <Input.TextArea rows={5} maxLength={4000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Milestones({
  contract,
  canRemediate,
  onChanged,
}: {
  contract: ContractView;
  canRemediate: boolean;
  onChanged: (c: ContractView) => void;
}) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const [remediating, setRemediating] = useState<Milestone | null>(null);
  return (
    <Card title={t('organisations.contract.milestones')}>
      <Table<Milestone>
        size="small"
        rowKey="milestoneId"
        pagination={false}
        dataSource={contract.milestones}
        columns={[
          {
            title: t('organisations.milestone.gate'),
            dataIndex: 'kind',
            render: (k: Milestone['kind']) => t(`organisations.milestone.${k}`),
          },
          {
            title: t('organisations.milestone.status'),
            dataIndex: 'status',
            render: (s: Milestone['status']) => (
              <Tag color={MILESTONE_COLOR[s]}>{t(`organisations.milestoneStatus.${s}`)}</Tag>
            ),
          },
          {
            title: t('organisations.milestone.acceptedAt'),
            dataIndex: 'acceptedAt',
            render: (at: string | null) => dateTime(at),
          },
          {
            title: t('organisations.milestone.evaluations'),
            key: 'evaluations',
            render: (_: unknown, m) => (
              <Space direction="vertical" size={0}>
                {contract.evaluations
                  .filter((e) => e.milestoneId === m.milestoneId)
                  .map((e) => (
                    <span key={e.evaluationId}>
                      <Tag color={e.passed ? 'green' : 'red'}>
                        {t(e.passed ? 'organisations.evaluation.passed' : 'organisations.evaluation.failed', {
                          score: e.score,
                        })}
                      </Tag>
                      {e.summary} · {dateTime(e.evaluatedAt)}
                    </span>
                  ))}
              </Space>
            ),
          },
          {
            title: t('organisations.milestone.remediation'),
            key: 'remediation',
            render: (_: unknown, m) => {
              const plans = contract.remediations.filter((r) => r.milestoneId === m.milestoneId);
              const pending = plans.some((r) => r.status === 'submitted');
              return (
                <Space direction="vertical" size={4}>
                  {plans.map((r) => (
                    <span key={r.remediationId}>
                      <Tag>{t(`organisations.remediationStatus.${r.status}`)}</Tag>
                      {r.plan}
                      {r.decisionNote && ` — ${r.decisionNote}`}
                    </span>
                  ))}
                  {canRemediate && m.status === 'failed' && !pending && contract.status === 'active' && (
                    <Button size="small" type="primary" onClick={() => setRemediating(m)}>
                      {t('organisations.remediation.submit')}
                    </Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      {remediating && (
        <RemediationModal
          contract={contract}
          milestone={remediating}
          onClose={() => setRemediating(null)}
          onDone={(c) => {
            setRemediating(null);
            onChanged(c);
            void message.success(t('organisations.remediation.submitted'));
          }}
        />
      )}
    </Card>
  );
}

function Tranches({ contract }: { contract: ContractView }) {
  const { t, dateTime } = useI18n();
  return (
    <Card title={t('organisations.contract.tranches')}>
      <Table<Tranche>
        size="small"
        rowKey="trancheId"
        pagination={false}
        dataSource={contract.tranches}
        columns={[
          {
            title: t('organisations.tranche.gate'),
            dataIndex: 'milestone',
            render: (k: Milestone['kind']) => t(`organisations.milestone.${k}`),
          },
          {
            title: t('organisations.tranche.percent'),
            dataIndex: 'percent',
            align: 'right',
            render: (p: number) => `${p}%`,
          },
          {
            title: t('organisations.tranche.amount'),
            dataIndex: 'amountFen',
            align: 'right',
            render: (f: number) => yuan(f),
          },
          {
            title: t('organisations.tranche.state'),
            key: 'state',
            render: (_: unknown, x) => {
              const state = trancheState(contract, x);
              return (
                <Tag color={TRANCHE_COLOR[state]} data-tranche-state={state}>
                  {t(`organisations.trancheState.${state}`)}
                </Tag>
              );
            },
          },
          {
            title: t('organisations.tranche.paidAt'),
            dataIndex: 'disbursedAt',
            render: (at: string | null) => dateTime(at),
          },
        ]}
      />
    </Card>
  );
}

function Amendments({ contract }: { contract: ContractView }) {
  const { t, date, dateTime } = useI18n();
  return (
    <Card title={t('organisations.contract.amendments')}>
      {contract.amendments.length === 0 ? (
        <Typography.Text type="secondary">{t('organisations.amendment.none')}</Typography.Text>
      ) : (
        <Timeline
          items={contract.amendments.map((a) => ({
            key: a.revision,
            children: (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>
                  {t('organisations.amendment.revision', { n: a.revision, at: dateTime(a.amendedAt) })}
                </Typography.Text>
                <span>{a.reason}</span>
                {a.valueFen !== a.previousValueFen && (
                  <span>
                    {t('organisations.amendment.value', { from: yuan(a.previousValueFen), to: yuan(a.valueFen) })}
                  </span>
                )}
                {a.endDate !== a.previousEndDate && (
                  <span>
                    {t('organisations.amendment.endDate', { from: date(a.previousEndDate), to: date(a.endDate) })}
                  </span>
                )}
              </Space>
            ),
          }))}
        />
      )}
    </Card>
  );
}

/** A contract: its facts, gates with evaluations and remediation, tranches, and amendments. */
export default function ContractPage() {
  const { contractId = '' } = useParams();
  const { t, date } = useI18n();
  const session = useSession();
  const names = useNames();
  const state = useAsync((signal) => organisationsApi.contract(contractId, signal), [contractId]);
  const [changed, setChanged] = useState<ContractView | null>(null);
  if (state.error && !state.data) return <LoadError message={orgError(state.error, t)} onRetry={state.reload} />;
  const contract = changed?.contractId === contractId ? changed : state.data;
  if (!contract) return <Skeleton active />;
  const orgUser = hasRole(session?.principal, ['org_user']);
  const worker = hasRole(session?.principal, ['social_worker']);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space align="center" wrap>
        <Link to="/org/contracts">
          <Button icon={<ArrowLeftOutlined />} aria-label={t('app.back')} />
        </Link>
        <PageTitle>{contract.title}</PageTitle>
        <ContractStatusTag status={contract.status} />
      </Space>
      <Card
        extra={
          <Space wrap>
            <Link to={`/org/records/${contract.contractId}`}>
              <Button icon={<FormOutlined />} type={worker ? 'primary' : 'default'}>
                {worker ? t('organisations.records.log') : t('organisations.records.title')}
              </Button>
            </Link>
            {orgUser && (
              <Link to={`/org/expenses/${contract.contractId}`}>
                <Button icon={<WalletOutlined />}>{t('organisations.expenses.title')}</Button>
              </Link>
            )}
          </Space>
        }
      >
        <Descriptions column={THREE_COLUMNS} size="small" bordered>
          <Descriptions.Item label={t('organisations.contract.source')}>
            {contract.source.kind === 'tender'
              ? t('organisations.contract.fromTender')
              : t('organisations.contract.fromGrant')}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.contract.category')}>
            {names.categoryName(contract.category)}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.contract.revision')}>{contract.revision}</Descriptions.Item>
          <Descriptions.Item label={t('organisations.contract.value')}>{yuan(contract.valueFen)}</Descriptions.Item>
          <Descriptions.Item label={t('organisations.contract.disbursed')}>
            {yuan(contract.disbursedFen)}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.contract.period')}>
            {`${date(contract.period.startDate)} – ${date(contract.period.endDate)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('organisations.contract.needs')}>
            {t('organisations.contract.needsFulfilled', {
              done: contract.fulfilledNeedIds.length,
              total: contract.needIds.length,
            })}
          </Descriptions.Item>
          {contract.completion && (
            <Descriptions.Item label={t('organisations.contract.performance')}>
              <Space>
                <AuditOutlined />
                {contract.completion.performanceScore}
              </Space>
            </Descriptions.Item>
          )}
          {contract.termination && (
            <Descriptions.Item label={t('organisations.contract.terminated')}>
              {contract.termination.reason}
              {contract.termination.fault && ` (${t(`organisations.contract.fault.${contract.termination.fault}`)})`}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Milestones contract={contract} canRemediate={orgUser} onChanged={setChanged} />
      <Tranches contract={contract} />
      <Amendments contract={contract} />
    </Space>
  );
}
