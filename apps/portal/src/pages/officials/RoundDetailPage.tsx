import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CalculatorOutlined, TrophyOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { officialsApi, type ApplicationView, type RoundEvaluationView, type RoundView } from '../../api/officials';
import { yuan } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { problemText } from './errors';
import { PanelCard } from './PanelCard';
import { SheetsTable } from './SheetsTable';
import { RoundStatusTag, useCategoryName, columns } from './tags';

type Ranked = RoundEvaluationView['ranking'][number];

const APPLICATION_COLOR: Record<ApplicationView['status'], string> = {
  submitted: 'blue',
  withdrawn: 'default',
  ineligible: 'red',
  granted: 'green',
  not_granted: 'default',
};

/** A venture-funding round: the call, the applications, the panel, the ranking and the grants. */
export default function RoundDetailPage() {
  const { roundId = '' } = useParams();
  const { t, dateTime } = useI18n();
  const { message, modal } = App.useApp();
  const categoryName = useCategoryName();
  const state = useAsync(() => officialsApi.round(roundId), [roundId]);
  const [updated, setUpdated] = useState<RoundView | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const round = updated?.roundId === roundId ? updated : state.data;
  const deps = [roundId, round?.status, refreshKey];
  const applications = useAsync(() => officialsApi.applications(roundId), deps);
  const panel = useAsync(() => officialsApi.panel('round', roundId), deps);
  const evaluation = useAsync(() => officialsApi.roundEvaluation(roundId), deps);
  const sheets = useAsync(() => officialsApi.sheets('round', roundId), deps);

  if (state.error && !round) {
    const missing = state.error instanceof ApiError && state.error.status === 404;
    return (
      <LoadError
        message={missing ? t('officials.round.notFound') : problemText(state.error, t)}
        onRetry={state.reload}
      />
    );
  }
  if (!round) return <Skeleton active />;

  const reloadAll = () => {
    state.reload();
    setRefreshKey((k) => k + 1);
  };
  const run = async (work: () => Promise<unknown>, done: Parameters<typeof t>[0]) => {
    setBusy(true);
    try {
      await work();
      void message.success(t(done));
      setUpdated(null);
      reloadAll();
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };
  const appName = (id: string) => (applications.data ?? []).find((a) => a.applicationId === id)?.organisationName ?? id;
  const evaluatorName = (id: string) => panel.data?.evaluators.find((e) => e.evaluatorId === id)?.name ?? id;
  const canEvaluate = round.status === 'closed' && !evaluation.data && !evaluation.loading;
  const canAward = round.status === 'evaluation' && evaluation.data !== null && evaluation.data !== undefined;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/officials/procurement?tab=rounds" aria-label={t('app.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {round.title}
            </Typography.Title>
            <RoundStatusTag status={round.status} />
          </Space>
        }
      >
        <Descriptions bordered size="small" column={columns(2)}>
          <Descriptions.Item label={t('officials.round.deadline')}>{dateTime(round.deadline)}</Descriptions.Item>
          <Descriptions.Item label={t('officials.openRound.categories')}>
            {round.categories.map(categoryName).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label={t('officials.round.budget')}>{yuan(round.budgetFen)}</Descriptions.Item>
          <Descriptions.Item label={t('officials.openRound.maxGrant')}>
            {round.maxGrantFen === null ? t('app.none') : yuan(round.maxGrantFen)}
          </Descriptions.Item>
          <Descriptions.Item label={t('officials.openRound.minScore')}>{round.minScore}</Descriptions.Item>
          <Descriptions.Item label={t('officials.round.bonus')}>
            {t('officials.round.bonusRule', {
              points: round.matchingBonus.pointsPerTenPercent,
              max: round.matchingBonus.maxPoints,
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('officials.round.criteria')} span={2}>
            {round.criteria.map((c) => `${c.name} ${c.weight}%`).join('；')}
          </Descriptions.Item>
          {round.description && (
            <Descriptions.Item label={t('officials.openRound.description')} span={2}>
              {round.description}
            </Descriptions.Item>
          )}
          {round.projectId && (
            <Descriptions.Item label={t('officials.tender.project')} span={2}>
              <Link to={`/officials/projects/${round.projectId}`}>{round.projectId}</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Card title={t('officials.round.applicationsTitle', { count: applications.data?.length ?? 0 })}>
        {applications.error !== undefined && (
          <Alert type="warning" showIcon message={problemText(applications.error, t)} />
        )}
        <Table<ApplicationView>
          size="small"
          rowKey="applicationId"
          pagination={false}
          loading={applications.loading}
          dataSource={applications.data ?? []}
          locale={{ emptyText: t('officials.round.noApplications') }}
          scroll={{ x: 800 }}
          columns={[
            { title: t('officials.bids.organisation'), dataIndex: 'organisationName' },
            { title: t('officials.round.applicationTitle'), dataIndex: 'title' },
            {
              title: t('officials.round.requested'),
              dataIndex: 'requestedFen',
              align: 'right',
              render: (f: number) => yuan(f),
            },
            {
              title: t('officials.project.matchingFunds'),
              dataIndex: 'matchingFundsFen',
              align: 'right',
              render: (f: number) => yuan(f),
            },
            {
              title: t('officials.round.status'),
              key: 'status',
              render: (_: unknown, a) => (
                <Space direction="vertical" size={0}>
                  <Tag color={APPLICATION_COLOR[a.status]}>{t(`officials.applicationStatus.${a.status}`)}</Tag>
                  {a.ineligibleReasons.map((r) => (
                    <Typography.Text key={r} type="secondary">
                      {r}
                    </Typography.Text>
                  ))}
                </Space>
              ),
            },
          ]}
          expandable={{
            expandedRowRender: (a) => (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.proposal}</Typography.Paragraph>
            ),
          }}
        />
      </Card>

      <PanelCard
        kind="round"
        targetId={round.roundId}
        panel={panel.data ?? null}
        editable={['open', 'closed'].includes(round.status) && !evaluation.data}
        onChanged={() => setRefreshKey((k) => k + 1)}
      />

      {canEvaluate && (
        <Card>
          <Space direction="vertical">
            <Typography.Text>{t('officials.evaluation.ready')}</Typography.Text>
            <Button
              type="primary"
              icon={<CalculatorOutlined />}
              loading={busy}
              onClick={() => void run(() => officialsApi.evaluateRound(round.roundId), 'officials.evaluation.done')}
            >
              {t('officials.evaluation.run')}
            </Button>
          </Space>
        </Card>
      )}

      {evaluation.data && (
        <Card title={t('officials.evaluation.title')}>
          <Typography.Paragraph type="secondary">
            {t('officials.round.awardable', { amount: yuan(evaluation.data.awardableFen) })}
          </Typography.Paragraph>
          <Table<Ranked>
            size="small"
            rowKey="applicationId"
            pagination={false}
            dataSource={[...evaluation.data.ranking].sort((a, b) => a.rank - b.rank)}
            scroll={{ x: 800 }}
            columns={[
              { title: t('officials.evaluation.rank'), dataIndex: 'rank', width: 64 },
              { title: t('officials.evaluation.organisation'), dataIndex: 'organisationName' },
              { title: t('officials.round.weighted'), dataIndex: 'weightedScore', align: 'right' },
              { title: t('officials.round.bonusColumn'), dataIndex: 'bonus', align: 'right' },
              { title: t('officials.evaluation.total'), dataIndex: 'totalScore', align: 'right' },
              {
                title: t('officials.round.grant'),
                dataIndex: 'grantFen',
                align: 'right',
                render: (f: number) => yuan(f),
              },
              { title: t('officials.round.decision'), dataIndex: 'decision' },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('officials.sheets.title')}
          </Typography.Title>
          <SheetsTable
            sheets={sheets.data?.current ?? []}
            outliers={evaluation.data.outliers}
            criteria={round.criteria}
            subjectName={appName}
            evaluatorName={evaluatorName}
          />
          {canAward && (
            <Button
              type="primary"
              icon={<TrophyOutlined />}
              style={{ marginTop: 16 }}
              loading={busy}
              onClick={() =>
                modal.confirm({
                  title: t('officials.round.awardTitle'),
                  content: t('officials.round.awardBody', { amount: yuan(evaluation.data?.awardableFen ?? 0) }),
                  okText: t('officials.round.award'),
                  cancelText: t('app.cancel'),
                  onOk: () => run(() => officialsApi.awardRound(round.roundId), 'officials.round.awarded'),
                })
              }
            >
              {t('officials.round.award')}
            </Button>
          )}
        </Card>
      )}

      {round.grants && (
        <Card title={t('officials.round.grantsTitle', { amount: yuan(round.awardedFen ?? 0) })}>
          <Table
            size="small"
            rowKey="grantId"
            pagination={false}
            dataSource={round.grants}
            columns={[
              { title: t('officials.evaluation.rank'), dataIndex: 'rank', width: 64 },
              { title: t('officials.evaluation.organisation'), dataIndex: 'organisationName' },
              { title: t('officials.evaluation.total'), dataIndex: 'totalScore', align: 'right' },
              {
                title: t('officials.round.grant'),
                dataIndex: 'amountFen',
                align: 'right',
                render: (f: number) => yuan(f),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
