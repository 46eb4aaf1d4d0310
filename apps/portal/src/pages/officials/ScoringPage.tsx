import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Card, Skeleton, Space, Steps, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { officialsApi, type PanelKind, type PanelView } from '../../api/officials';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError, NotFound } from '../Status';
import { DeclarationCard } from './DeclarationCard';
import { problemText } from './errors';
import { EvaluationCard } from './EvaluationCard';
import { MemberStatusTag } from './PanelCard';
import { formulaPriceScore, ScoreSheetCard, type SheetSubject } from './ScoreSheetCard';
import { RoundStatusTag, TenderStatusTag } from './tags';

const isKind = (k: string | undefined): k is PanelKind => k === 'tender' || k === 'round';

/** Loads what the evaluator works on: the tender or round, and (once they may see it) its content. */
function useTarget(kind: PanelKind, targetId: string, declared: boolean, refreshKey: number) {
  const tender = useAsync(
    () => (kind === 'tender' ? officialsApi.tender(targetId) : Promise.resolve(null)),
    [kind, targetId, refreshKey],
  );
  const round = useAsync(
    () => (kind === 'round' ? officialsApi.round(targetId) : Promise.resolve(null)),
    [kind, targetId, refreshKey],
  );
  const bids = useAsync(
    () => (kind === 'tender' && declared ? officialsApi.bids(targetId) : Promise.resolve(null)),
    [kind, targetId, declared, refreshKey],
  );
  const evaluation = useAsync(
    () => (kind === 'tender' ? officialsApi.evaluation(targetId) : Promise.resolve(null)),
    [kind, targetId, refreshKey],
  );
  return { tender, round, bids, evaluation };
}

/** An evaluator on a panel: declare interests per bidder, then score every bid (or application). */
export default function ScoringPage() {
  const params = useParams();
  const kind: PanelKind = isKind(params.kind) ? params.kind : 'tender';
  const targetId = params.targetId ?? '';
  const { t, dateTime } = useI18n();
  const session = useSession();
  const [refreshKey, setRefreshKey] = useState(0);
  const [updated, setUpdated] = useState<PanelView | null>(null);
  const loaded = useAsync(() => officialsApi.panel(kind, targetId), [kind, targetId, refreshKey]);
  const panel = updated ?? loaded.data;
  const me = panel?.evaluators.find((e) => e.evaluatorId === session?.principal.sub) ?? panel?.evaluators[0] ?? null;
  const declared = me?.status === 'declared';
  const { tender, round, bids, evaluation } = useTarget(kind, targetId, declared, refreshKey);

  if (!isKind(params.kind)) return <NotFound />;
  if (loaded.error && !panel) return <LoadError message={problemText(loaded.error, t)} onRetry={loaded.reload} />;
  if (loaded.loading && !panel) return <Skeleton active />;
  if (!panel || !me) return <LoadError message={t('officials.scoring.notOnPanel')} />;

  const changed = (next: PanelView) => {
    setUpdated(next);
    setRefreshKey((k) => k + 1);
  };
  const title = tender.data?.title ?? round.data?.title ?? '';
  const subjectsKnown = panel.subjects.length > 0;
  const criteria =
    kind === 'tender' ? (tender.data?.criteria ?? []).filter((c) => c.kind !== 'price') : (round.data?.criteria ?? []);
  const priceWeight =
    kind === 'tender'
      ? (tender.data?.criteria ?? []).filter((c) => c.kind === 'price').reduce((s, c) => s + c.weight, 0)
      : null;
  const scoringOpen =
    kind === 'tender' ? tender.data?.status === 'evaluation' && !evaluation.data : round.data?.status === 'closed';

  const qualified = (bids.data ?? []).filter((b) => b.qualification.status === 'qualified');
  const basePrice = qualified.length > 0 ? Math.min(...qualified.map((b) => b.priceFen)) : null;
  const subjects: SheetSubject[] =
    kind === 'tender'
      ? qualified.map((b) => ({
          subjectId: b.bidId,
          organisationName: b.organisationName,
          priceFen: b.priceFen,
          priceScore:
            evaluation.data?.ranking.find((r) => r.bidId === b.bidId)?.priceScore ??
            (basePrice !== null && priceWeight !== null ? formulaPriceScore(b.priceFen, basePrice, priceWeight) : null),
          proposal: b.proposal,
        }))
      : panel.subjects.map((s) => ({
          subjectId: s.subjectId,
          organisationName: s.organisationName,
          priceFen: null,
          priceScore: null,
          proposal: null,
        }));
  const step = !subjectsKnown
    ? 0
    : me.status === 'assigned'
      ? 0
      : me.status === 'recused'
        ? 1
        : me.sheetSubmittedAt
          ? 2
          : 1;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Link to="/officials/panels" aria-label={t('app.back')}>
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {title}
            </Typography.Title>
            {tender.data && <TenderStatusTag status={tender.data.status} />}
            {round.data && <RoundStatusTag status={round.data.status} />}
            <MemberStatusTag member={me} />
          </Space>
        }
      >
        <Steps
          current={step}
          status={me.status === 'recused' ? 'error' : undefined}
          items={[
            { title: t('officials.scoring.stepDeclare') },
            { title: t('officials.scoring.stepScore') },
            { title: t('officials.scoring.stepDone') },
          ]}
        />
        {me.declaration && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
            {t('officials.scoring.declaredAt', {
              at: dateTime(me.declaration.at),
              statement: me.declaration.statement,
            })}
          </Typography.Paragraph>
        )}
      </Card>

      {!subjectsKnown && <Alert type="info" showIcon message={t('officials.scoring.notYet')} />}
      {subjectsKnown && me.status === 'assigned' && (
        <DeclarationCard kind={kind} targetId={targetId} subjects={panel.subjects} onDeclared={changed} />
      )}
      {me.status === 'recused' && (
        <Alert
          type="warning"
          showIcon
          message={t('officials.scoring.recused')}
          description={me.detectedConflict ?? me.declaration?.statement}
        />
      )}
      {declared && !scoringOpen && !evaluation.data && (
        <Alert type="info" showIcon message={t('officials.scoring.waitQualification')} />
      )}
      {declared && scoringOpen && (
        <ScoreSheetCard
          kind={kind}
          targetId={targetId}
          subjects={subjects}
          criteria={criteria}
          priceWeight={priceWeight}
          submittedAt={me.sheetSubmittedAt}
          onSubmitted={changed}
        />
      )}
      {kind === 'round' && declared && scoringOpen && (
        <Alert type="info" showIcon message={t('officials.scoring.roundContentGap')} />
      )}
      {tender.data && evaluation.data && (
        <EvaluationCard tender={tender.data} evaluation={evaluation.data} sheets={null} evaluatorName={(id) => id} />
      )}
    </Space>
  );
}
