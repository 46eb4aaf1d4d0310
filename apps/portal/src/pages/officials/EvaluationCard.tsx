import { Card, Descriptions, Table, Typography } from 'antd';
import type { EvaluationResult, ScoreSheetView, TenderView } from '../../api/officials';
import { yuan } from '../../format';
import { useI18n } from '../../i18n';
import { SheetsTable } from './SheetsTable';
import { columns } from './tags';

type Ranked = EvaluationResult['ranking'][number];

/** The evaluation: the price score by the formula, the panel's means, totals and ranking; every sheet below. */
export function EvaluationCard({
  tender,
  evaluation,
  sheets,
  evaluatorName,
}: {
  tender: TenderView;
  evaluation: EvaluationResult;
  sheets: ScoreSheetView[] | null;
  evaluatorName: (evaluatorId: string) => string;
}) {
  const { t, dateTime } = useI18n();
  const scored = tender.criteria.filter((c) => c.kind !== 'price');
  const bidName = (bidId: string) => evaluation.ranking.find((r) => r.bidId === bidId)?.organisationName ?? bidId;
  return (
    <Card title={t('officials.evaluation.title')} data-testid="evaluation">
      <Descriptions size="small" column={columns(3)} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('officials.evaluation.basePrice')}>
          {yuan(evaluation.basePriceFen)}
        </Descriptions.Item>
        <Descriptions.Item label={t('officials.evaluation.priceWeight')}>{evaluation.priceWeight}</Descriptions.Item>
        <Descriptions.Item label={t('officials.evaluation.at')}>{dateTime(evaluation.evaluatedAt)}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">{t('officials.evaluation.formula')}</Typography.Paragraph>
      <Table<Ranked>
        size="small"
        rowKey="bidId"
        pagination={false}
        dataSource={[...evaluation.ranking].sort((a, b) => a.rank - b.rank)}
        scroll={{ x: 800 }}
        data-testid="ranking"
        columns={[
          { title: t('officials.evaluation.rank'), dataIndex: 'rank', width: 64 },
          { title: t('officials.evaluation.organisation'), dataIndex: 'organisationName' },
          {
            title: t('officials.evaluation.price'),
            dataIndex: 'priceFen',
            align: 'right',
            render: (f: number) => yuan(f),
          },
          {
            title: t('officials.evaluation.priceScore'),
            dataIndex: 'priceScore',
            align: 'right',
            render: (n: number) => n.toFixed(2),
          },
          ...scored.map((c) => ({
            title: t('officials.evaluation.criterionMean', { name: c.name, weight: c.weight }),
            key: c.code,
            align: 'right' as const,
            render: (_: unknown, r: Ranked) => {
              const s = r.criterionScores.find((x) => x.criterionCode === c.code);
              return s ? `${s.mean.toFixed(2)} → ${s.weighted.toFixed(2)}` : '—';
            },
          })),
          {
            title: t('officials.evaluation.technical'),
            dataIndex: 'technicalScore',
            align: 'right',
            render: (n: number) => n.toFixed(2),
          },
          {
            title: t('officials.evaluation.total'),
            dataIndex: 'totalScore',
            align: 'right',
            render: (n: number) => <Typography.Text strong>{n.toFixed(2)}</Typography.Text>,
          },
        ]}
      />
      {/* Evaluators see the ranking (public) but not the others' sheets. */}
      {sheets && (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('officials.sheets.title')}
          </Typography.Title>
          <SheetsTable
            sheets={sheets}
            outliers={evaluation.outliers}
            criteria={scored}
            subjectName={bidName}
            evaluatorName={evaluatorName}
          />
        </>
      )}
    </Card>
  );
}
