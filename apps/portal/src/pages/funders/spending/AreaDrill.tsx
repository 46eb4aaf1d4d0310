import { useMemo, useState } from 'react';
import { Breadcrumb, Button, Card, Empty, Space, Typography } from 'antd';
import { FundersChart } from '../../../components/funders-chart';
import { useI18n } from '../../../i18n';
import { CHILD_LEVEL, drillInto, TOP, underParent, useKeyLabels, type Drill } from '../common';
import { barsOption, MONEY } from './charts';
import { useBreakdown, type SpendingFilter } from './data';
import { FiguresTable } from './Figures';

/**
 * Money by area, district → street → community: a click on a bar or a name opens the areas
 * below it; the breadcrumb goes back up. The view groups by one level; the rows under the
 * clicked area are picked by its code (area codes nest).
 */
export function AreaDrill({ filter }: { filter: SpendingFilter }) {
  const { t } = useI18n();
  const labels = useKeyLabels();
  const [drill, setDrill] = useState<Drill>(TOP);
  const view = useBreakdown(filter, drill.level);
  const parent = drill.trail.at(-1);
  const rows = useMemo(() => (view.data?.rows ?? []).filter((r) => underParent(r.key, parent)), [view.data, parent]);
  const canDrill = CHILD_LEVEL[drill.level] !== null;
  const open = (code: string) => {
    if (canDrill && code !== 'unknown') setDrill(drillInto(drill, code));
  };
  const option = useMemo(
    () => barsOption({ names: rows.map((r) => labels.area(r.key)), rows, figures: MONEY }, t),
    [rows, labels, t],
  );

  return (
    <Card
      size="small"
      title={t('funders.spending.byArea')}
      extra={<Typography.Text type="secondary">{canDrill ? t('funders.spending.drillHint') : null}</Typography.Text>}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Breadcrumb
          data-testid="area-trail"
          items={[
            {
              key: 'top',
              title:
                drill.trail.length > 0 ? (
                  <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setDrill(TOP)}>
                    {t('funders.spending.allAreas')}
                  </Button>
                ) : (
                  t('funders.spending.allAreas')
                ),
            },
            ...drill.trail.map((code, i) => ({
              key: code,
              title:
                i < drill.trail.length - 1 ? (
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0, height: 'auto' }}
                    onClick={() =>
                      setDrill({ level: i === 0 ? 'street' : 'community', trail: drill.trail.slice(0, i + 1) })
                    }
                  >
                    {labels.area(code)}
                  </Button>
                ) : (
                  labels.area(code)
                ),
            })),
          ]}
        />
        {rows.length > 0 ? (
          <FundersChart
            option={option}
            label={`${t('funders.spending.byArea')} · ${t(`funders.by.${drill.level}`)}`}
            onClick={(item) => {
              const row = rows[item.dataIndex];
              if (row) open(row.key);
            }}
            testId="area-chart"
          />
        ) : (
          !view.loading && <Empty description={t('funders.spending.empty')} />
        )}
        <FiguresTable
          testId="area-table"
          rows={rows}
          loading={view.loading}
          name={(r) =>
            canDrill && r.key !== 'unknown' ? (
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                onClick={() => open(r.key)}
                aria-label={t('funders.spending.drillInto', { name: labels.area(r.key) })}
              >
                {labels.area(r.key)}
              </Button>
            ) : (
              labels.area(r.key)
            )
          }
        />
      </Space>
    </Card>
  );
}
