import { Table, Tag, Tooltip, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import type { EvaluationResult, ScoreSheetView } from '../../api/officials';
import { useI18n } from '../../i18n';

type Outlier = EvaluationResult['outliers'][number];

interface Row {
  key: string;
  evaluator: string;
  subject: string;
  scores: Record<string, number>;
  outliers: Record<string, Outlier>;
}

/**
 * Every evaluator's sheet, one row per evaluator and subject, with the scores the
 * evaluation flagged as outliers marked (flagged, never dropped).
 */
export function SheetsTable({
  sheets,
  outliers,
  criteria,
  subjectName,
  evaluatorName,
}: {
  sheets: ScoreSheetView[];
  outliers: Outlier[];
  criteria: Array<{ code: string; name: string }>;
  subjectName: (subjectId: string) => string;
  evaluatorName: (evaluatorId: string) => string;
}) {
  const { t, dateTime } = useI18n();
  const rows: Row[] = sheets.flatMap((sheet) => {
    const subjects = [...new Set(sheet.scores.map((s) => s.subjectId))];
    return subjects.map((subjectId) => {
      const mine = sheet.scores.filter((s) => s.subjectId === subjectId);
      return {
        key: `${sheet.evaluatorId}-${subjectId}`,
        evaluator: `${evaluatorName(sheet.evaluatorId)}（${t('officials.sheets.version', { version: sheet.version, at: dateTime(sheet.submittedAt) })}）`,
        subject: subjectName(subjectId),
        scores: Object.fromEntries(mine.map((s) => [s.criterionCode, s.score])),
        outliers: Object.fromEntries(
          outliers
            .filter((o) => o.evaluatorId === sheet.evaluatorId && o.subjectId === subjectId)
            .map((o) => [o.criterionCode, o]),
        ),
      };
    });
  });
  return (
    <Table<Row>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: t('officials.sheets.empty') }}
      scroll={{ x: 700 }}
      data-testid="sheets"
      columns={[
        { title: t('officials.sheets.evaluator'), dataIndex: 'evaluator' },
        { title: t('officials.sheets.subject'), dataIndex: 'subject' },
        ...criteria.map((c) => ({
          title: c.name,
          key: c.code,
          align: 'right' as const,
          render: (_: unknown, row: Row) => {
            const outlier = row.outliers[c.code];
            const score = row.scores[c.code];
            if (!outlier) return score ?? '—';
            return (
              <Tooltip
                title={t('officials.sheets.outlierTip', { mean: outlier.mean.toFixed(2), reason: outlier.reason })}
              >
                <Tag color="warning" icon={<WarningOutlined />} data-outlier="true">
                  {t('officials.sheets.outlier', { score: score ?? outlier.score })}
                </Tag>
              </Tooltip>
            );
          },
        })),
      ]}
      footer={
        outliers.length > 0
          ? () => (
              <Typography.Text type="warning">
                {t('officials.sheets.outlierCount', { count: outliers.length })}
              </Typography.Text>
            )
          : undefined
      }
    />
  );
}
