import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Skeleton, Space, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, CalculatorOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { officialsApi, type TenderView } from '../../api/officials';
import { yuan } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { AwardCard } from './AwardCard';
import { BidsCard } from './BidsCard';
import { problemText } from './errors';
import { EvaluationCard } from './EvaluationCard';
import { PanelCard } from './PanelCard';
import { CriteriaTable } from './ProjectFacts';
import { TenderActions } from './TenderActions';
import { TenderStatusTag, useCategoryName, columns } from './tags';

/** One tender through its life: opening, bids and qualification, panel, evaluation, award, complaints, 流标. */
export default function TenderDetailPage() {
  const { tenderId = '' } = useParams();
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const categoryName = useCategoryName();
  const state = useAsync(() => officialsApi.tender(tenderId), [tenderId]);
  const [updated, setUpdated] = useState<TenderView | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [evaluating, setEvaluating] = useState(false);
  const tender = updated?.tenderId === tenderId ? updated : state.data;
  const status = tender?.status;
  const opened = tender?.closedAt !== null && tender?.closedAt !== undefined;
  const deps = [tenderId, status, refreshKey];
  const bids = useAsync(() => (opened ? officialsApi.bids(tenderId) : Promise.resolve(null)), [...deps, opened]);
  const panel = useAsync(() => officialsApi.panel('tender', tenderId), deps);
  const evaluation = useAsync(() => officialsApi.evaluation(tenderId), deps);
  const sheets = useAsync(() => officialsApi.sheets('tender', tenderId), deps);
  const policy = useAsync(() => officialsApi.procurementPolicy(), []);
  const projectId = tender?.projectId;
  const attempts = useAsync(
    () => (projectId ? officialsApi.tenders({ projectId }) : Promise.resolve([])),
    [projectId, refreshKey],
  );

  if (state.error && !tender) {
    const missing = state.error instanceof ApiError && state.error.status === 404;
    return (
      <LoadError
        message={missing ? t('officials.tender.notFound') : problemText(state.error, t)}
        onRetry={state.reload}
      />
    );
  }
  if (!tender) return <Skeleton active />;

  const changed = (next: TenderView) => {
    setUpdated(next);
    setRefreshKey((k) => k + 1);
  };
  const rerunTo = (attempts.data ?? []).find((a) => a.previousTenderId === tender.tenderId) ?? null;
  const evaluatorName = (id: string) => panel.data?.evaluators.find((e) => e.evaluatorId === id)?.name ?? id;
  const panelEditable = ['tendering', 'enquiry', 'closed', 'evaluation'].includes(tender.status) && !evaluation.data;
  const canEvaluate = tender.status === 'evaluation' && !evaluation.data && evaluation.loading === false;

  const evaluate = async () => {
    setEvaluating(true);
    try {
      await officialsApi.evaluate(tender.tenderId);
      void message.success(t('officials.evaluation.done'));
      setRefreshKey((k) => k + 1);
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setEvaluating(false);
    }
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/officials/procurement" aria-label={t('app.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {tender.title}
            </Typography.Title>
            <TenderStatusTag status={tender.status} />
            {tender.attempt > 1 && (
              <Typography.Text type="secondary">
                {t('officials.tender.attempt', { attempt: tender.attempt })}
              </Typography.Text>
            )}
          </Space>
        }
        extra={
          <TenderActions
            tender={tender}
            rerunTo={rerunTo}
            onDone={(next, action) =>
              action === 'rerun' ? void navigate(`/officials/procurement/tenders/${next.tenderId}`) : changed(next)
            }
          />
        }
      >
        {tender.failure && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('officials.tender.failed', { at: dateTime(tender.failure.at) })}
            description={tender.failure.reason}
          />
        )}
        {tender.cancellation && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('officials.tender.cancelled', { at: dateTime(tender.cancellation.at) })}
            description={tender.cancellation.reason}
          />
        )}
        {rerunTo && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message={
              <Link to={`/officials/procurement/tenders/${rerunTo.tenderId}`}>
                {t('officials.tender.rerunAs', { attempt: rerunTo.attempt })}
              </Link>
            }
          />
        )}
        <Descriptions bordered size="small" column={columns(2)} data-testid="tender-facts">
          <Descriptions.Item label={t('officials.tender.project')}>
            <Link to={`/officials/projects/${tender.projectId}`}>{tender.title}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('officials.project.category')}>{categoryName(tender.category)}</Descriptions.Item>
          <Descriptions.Item label={t('officials.tender.method')}>{tender.methodDetails}</Descriptions.Item>
          <Descriptions.Item label={t('officials.tender.minBids')}>{tender.minQualifiedBids}</Descriptions.Item>
          <Descriptions.Item label={t('officials.tender.deadline')}>
            <span data-testid="deadline">{dateTime(tender.deadline)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('officials.tender.enquiryPeriod')}>
            {`${dateTime(tender.enquiryPeriod.start)} – ${dateTime(tender.enquiryPeriod.end)}`}
          </Descriptions.Item>
          <Descriptions.Item label={t('officials.tender.ceiling')}>{yuan(tender.budgetCeilingFen)}</Descriptions.Item>
          <Descriptions.Item label={t('officials.tender.bids')}>
            {tender.bidCount === null ? t('officials.tender.sealed') : tender.bidCount}
          </Descriptions.Item>
          <Descriptions.Item label={t('officials.tender.eligibility')} span={2}>
            {t('officials.project.eligibility', {
              kinds: tender.eligibility.organisationKinds.map((k) => t(`officials.orgKind.${k}`)).join('、'),
              percent: tender.eligibility.minCertifiedSocialWorkerPercent,
            })}
          </Descriptions.Item>
          <Descriptions.Item label={t('officials.tender.ocid')} span={2}>
            <Typography.Text code>{tender.ocid}</Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        <CriteriaTable criteria={tender.criteria} />
        {tender.methodChanges.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 24 }}>
              {t('officials.tender.methodChanges')}
            </Typography.Title>
            <Timeline
              items={tender.methodChanges.map((c) => ({
                key: c.at,
                children: `${dateTime(c.at)} ${t(`officials.method.${c.from as TenderView['method']}`)} → ${t(`officials.method.${c.to as TenderView['method']}`)}：${c.reason}`,
              }))}
            />
          </>
        )}
      </Card>

      {opened && bids.data && <BidsCard tender={tender} bids={bids.data} onQualified={changed} />}

      <PanelCard
        kind="tender"
        targetId={tender.tenderId}
        panel={panel.data ?? null}
        editable={panelEditable}
        onChanged={() => setRefreshKey((k) => k + 1)}
      />
      {canEvaluate && (
        <Card>
          <Space direction="vertical">
            <Typography.Text>{t('officials.evaluation.ready')}</Typography.Text>
            <Button type="primary" icon={<CalculatorOutlined />} loading={evaluating} onClick={() => void evaluate()}>
              {t('officials.evaluation.run')}
            </Button>
          </Space>
        </Card>
      )}

      {evaluation.data && (
        <EvaluationCard
          tender={tender}
          evaluation={evaluation.data}
          sheets={sheets.data?.current ?? []}
          evaluatorName={evaluatorName}
        />
      )}
      {evaluation.data && (
        <AwardCard
          tender={tender}
          evaluation={evaluation.data}
          policy={policy.data?.inForce ?? null}
          refreshKey={refreshKey}
          onChanged={changed}
        />
      )}
    </Space>
  );
}
