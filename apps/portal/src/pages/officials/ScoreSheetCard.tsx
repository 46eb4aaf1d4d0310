import { useState } from 'react';
import { Alert, App, Button, Card, InputNumber, Table, Typography } from 'antd';
import { FormOutlined } from '@ant-design/icons';
import { officialsApi, type PanelKind, type PanelView } from '../../api/officials';
import { yuan } from '../../format';
import { useI18n } from '../../i18n';
import { problemText } from './errors';

export interface SheetSubject {
  subjectId: string;
  organisationName: string;
  /** Tenders: the bid price; rounds have none. */
  priceFen: number | null;
  /** The price score: the server's once evaluated, else the formula applied to the opened prices. */
  priceScore: number | null;
  proposal: string | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Base price = the lowest qualified price; price score = base / price × price weight (two decimals). */
export function formulaPriceScore(priceFen: number, basePriceFen: number, priceWeight: number): number {
  return round2((basePriceFen / priceFen) * priceWeight);
}

/**
 * The evaluator's sheet: every subject on every scored criterion, 0–100. The price criterion
 * is not scored by hand: its score comes from the formula and is shown beside the bids.
 */
export function ScoreSheetCard({
  kind,
  targetId,
  subjects,
  criteria,
  priceWeight,
  submittedAt,
  onSubmitted,
}: {
  kind: PanelKind;
  targetId: string;
  subjects: SheetSubject[];
  criteria: Array<{ code: string; name: string; weight: number }>;
  priceWeight: number | null;
  submittedAt: string | null;
  onSubmitted: (panel: PanelView) => void;
}) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const [scores, setScores] = useState<Record<string, number | null>>({});
  const [busy, setBusy] = useState(false);
  const key = (subjectId: string, code: string) => `${subjectId}:${code}`;
  const missing = subjects.flatMap((s) =>
    criteria.filter((c) => typeof scores[key(s.subjectId, c.code)] !== 'number').map((c) => key(s.subjectId, c.code)),
  );

  const submit = async () => {
    setBusy(true);
    try {
      const panel = await officialsApi.submitScores(kind, targetId, {
        scores: subjects.flatMap((s) =>
          criteria.map((c) => ({
            subjectId: s.subjectId,
            criterionCode: c.code,
            score: scores[key(s.subjectId, c.code)] ?? 0,
          })),
        ),
      });
      void message.success(t('officials.sheet.submitted'));
      onSubmitted(panel);
    } catch (error) {
      void message.error(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={
        <>
          <FormOutlined /> {t('officials.sheet.title')}
        </>
      }
      data-testid="score-sheet"
    >
      {priceWeight !== null && (
        <Typography.Paragraph type="secondary">
          {t('officials.sheet.priceNote', { weight: priceWeight })}
        </Typography.Paragraph>
      )}
      {submittedAt && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('officials.sheet.submittedAt', { at: dateTime(submittedAt) })}
          data-testid="sheet-submitted"
        />
      )}
      <Table<SheetSubject>
        size="small"
        rowKey="subjectId"
        pagination={false}
        dataSource={subjects}
        scroll={{ x: 800 }}
        columns={[
          { title: t('officials.sheets.subject'), dataIndex: 'organisationName' },
          ...(priceWeight !== null
            ? [
                {
                  title: t('officials.bids.price'),
                  dataIndex: 'priceFen',
                  align: 'right' as const,
                  render: (f: number | null) => (f === null ? '—' : yuan(f)),
                },
                {
                  title: t('officials.sheet.priceScore', { weight: priceWeight }),
                  dataIndex: 'priceScore',
                  align: 'right' as const,
                  render: (n: number | null) =>
                    n === null ? '—' : <span data-testid="price-score">{n.toFixed(2)}</span>,
                },
              ]
            : []),
          ...criteria.map((c) => ({
            title: t('officials.sheet.criterion', { name: c.name, weight: c.weight }),
            key: c.code,
            render: (_: unknown, s: SheetSubject) => (
              <InputNumber
                aria-label={t('officials.sheet.scoreLabel', { name: s.organisationName, criterion: c.name })}
                min={0}
                max={100}
                precision={1}
                value={scores[key(s.subjectId, c.code)] ?? null}
                onChange={(value) => setScores((prev) => ({ ...prev, [key(s.subjectId, c.code)]: value }))}
                style={{ width: 96 }}
              />
            ),
          })),
        ]}
        expandable={
          subjects.some((s) => s.proposal)
            ? {
                expandedRowRender: (s) => (
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                    {s.proposal}
                  </Typography.Paragraph>
                ),
              }
            : undefined
        }
      />
      <Button
        type="primary"
        style={{ marginTop: 16 }}
        loading={busy}
        disabled={missing.length > 0 || subjects.length === 0}
        onClick={() => void submit()}
      >
        {submittedAt ? t('officials.sheet.resubmit') : t('officials.sheet.submit')}
      </Button>
      {missing.length > 0 && (
        <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
          {t('officials.sheet.missing', { count: missing.length })}
        </Typography.Text>
      )}
    </Card>
  );
}
