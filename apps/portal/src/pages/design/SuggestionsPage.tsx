import { useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  InputNumber,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Urgency } from '@sanshe/contracts/events/common';
import { Design, designApi, type Suggestion, type SuggestionLevel, type SuggestionsQuery } from '../../api/design';
import { useReference } from '../../api/reference';
import { hasRole } from '../../auth/session';
import { yuan } from '../../format';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { designError, groupText } from './common';
import { CreateProjectModal } from './CreateProjectModal';
import { DESIGN_ROLES } from './roles';

const URGENCY_COLOR = { low: 'default', normal: 'blue', high: 'orange', critical: 'red' } as const;

/** Open needs clustered into project suggestions; filters live in the URL; authors draft a project from one. */
export default function SuggestionsPage() {
  const { t, pick, dateTime } = useI18n();
  const session = useSession();
  const { reference } = useReference();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState<Suggestion | null>(null);

  const parsedLevel = Design.SuggestionLevel.safeParse(params.get('level'));
  const level: SuggestionLevel = parsedLevel.success ? parsedLevel.data : 'auto';
  const minNeeds = Number(params.get('minNeeds')) || undefined;
  const query: SuggestionsQuery = {
    category: params.get('category') ?? undefined,
    area: params.get('area') ?? undefined,
    level,
    ...(minNeeds ? { minNeeds } : {}),
  };
  const key = JSON.stringify(query);
  const result = useAsync((signal) => designApi.suggestions(query, signal), [key]);

  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };

  const principal = session?.principal;
  const seesAll = hasRole(principal, ['official', 'admin']);
  const areas = (reference?.areas ?? []).filter(
    (a) => a.active && (seesAll || a.path.some((code) => principal?.communities.includes(code))),
  );
  const areaName = (code: string) => reference?.area(code)?.name ?? code;
  const categoryName = (code: string) => {
    const c = reference?.category(code);
    return c ? pick(c.name) : code;
  };
  const canCreate = hasRole(principal, DESIGN_ROLES.author);
  const data = result.data;

  if (result.error && !data) return <LoadError message={designError(result.error, t)} onRetry={result.reload} />;

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('design.suggestions.title')}
        </Typography.Title>
      }
      extra={
        <Space>
          {data && (
            <Typography.Text type="secondary">
              {t('design.suggestions.generatedAt', { time: dateTime(data.generatedAt) })}
            </Typography.Text>
          )}
          <Button icon={<ReloadOutlined />} onClick={result.reload} aria-label={t('app.refresh')} />
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('design.suggestions.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }} role="search" aria-label={t('design.suggestions.filters')}>
        <Select
          aria-label={t('design.suggestions.category')}
          style={{ width: 180 }}
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('design.suggestions.anyCategory')}
          value={query.category}
          onChange={(v?: string) => set('category', v)}
          options={(reference?.categories ?? []).map((c) => ({ value: c.code, label: pick(c.name) }))}
        />
        <Select
          aria-label={t('design.suggestions.area')}
          style={{ width: 200 }}
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('design.suggestions.anyArea')}
          value={query.area}
          onChange={(v?: string) => set('area', v)}
          options={areas.map((a) => ({ value: a.code, label: a.name }))}
        />
        <Space>
          <Typography.Text id="suggestion-level">{t('design.suggestions.level')}</Typography.Text>
          <Segmented<SuggestionLevel>
            aria-labelledby="suggestion-level"
            value={level}
            onChange={(v) => set('level', v === 'auto' ? undefined : v)}
            options={Design.SuggestionLevel.options.map((l) => ({ value: l, label: t(`design.level.${l}`) }))}
          />
        </Space>
        <Space>
          <label htmlFor="min-needs">{t('design.suggestions.minNeeds')}</label>
          <InputNumber
            id="min-needs"
            min={1}
            max={10_000}
            precision={0}
            style={{ width: 90 }}
            value={minNeeds ?? data?.minNeeds ?? null}
            onChange={(v) => set('minNeeds', v ? String(v) : undefined)}
          />
        </Space>
      </Space>
      {data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('design.suggestions.summary', {
            open: data.openNeeds,
            count: data.suggestions.length,
            below: data.belowThreshold.clusters,
            belowNeeds: data.belowThreshold.needs,
          })}
        />
      )}
      <Table<Suggestion>
        rowKey="key"
        loading={result.loading}
        dataSource={data?.suggestions ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('design.suggestions.empty') }}
        expandable={{
          expandedRowRender: (s) => (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('design.suggestions.groupsMix')}>
                <Space wrap>
                  {Object.entries(s.groups).map(([g, n]) => (
                    <Tag key={g}>
                      {groupText(g, t)} {n}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              {s.draftBudget && (
                <Descriptions.Item label={t('design.suggestions.draftBudget')}>
                  <Space wrap>
                    {s.draftBudget.lines.map((l) => (
                      <Tag key={l.kind}>
                        {t(`design.line.${l.kind}`)} {yuan(l.amountFen)}
                      </Tag>
                    ))}
                    <Typography.Text type="secondary">
                      {t('design.suggestions.budgetBasis', {
                        base: yuan(s.draftBudget.basis.baseFen),
                        per: yuan(s.draftBudget.basis.perBeneficiaryFen),
                        n: s.draftBudget.basis.beneficiaries,
                      })}
                    </Typography.Text>
                  </Space>
                </Descriptions.Item>
              )}
              {s.needIdsTruncated && (
                <Descriptions.Item label={t('design.suggestions.needs')}>
                  {t('design.suggestions.truncated', { count: s.needIds.length })}
                </Descriptions.Item>
              )}
            </Descriptions>
          ),
        }}
        columns={[
          {
            title: t('design.suggestions.category'),
            dataIndex: 'category',
            render: (code: string) => categoryName(code),
          },
          {
            title: t('design.suggestions.areaCol'),
            key: 'area',
            render: (_: unknown, s) => (
              <Space size={4} wrap>
                <span>{areaName(s.areaCode)}</span>
                {s.multiCommunity && (
                  <Tooltip title={s.communityCodes.map(areaName).join('、')}>
                    <Tag color="purple">{t('design.suggestions.multiCommunity')}</Tag>
                  </Tooltip>
                )}
              </Space>
            ),
          },
          {
            title: t('design.suggestions.group'),
            dataIndex: 'beneficiaryGroup',
            render: (g: string) => groupText(g, t),
          },
          { title: t('design.suggestions.needs'), dataIndex: 'needsCount', align: 'right' },
          { title: t('design.suggestions.beneficiaries'), dataIndex: 'beneficiaries', align: 'right' },
          {
            title: t('design.suggestions.urgency'),
            key: 'urgency',
            render: (_: unknown, s) => (
              <Space size={2} wrap>
                {Urgency.options
                  .filter((u) => s.urgency[u] > 0)
                  .map((u) => (
                    <Tag key={u} color={URGENCY_COLOR[u]}>
                      {t(`urgency.${u}`)} {s.urgency[u]}
                    </Tag>
                  ))}
              </Space>
            ),
          },
          {
            title: t('design.suggestions.waiting'),
            dataIndex: 'oldestWaitingDays',
            align: 'right',
            render: (days: number) => t('design.suggestions.waitingDays', { days: Math.floor(days) }),
          },
          {
            title: t('design.suggestions.draftBudget'),
            key: 'budget',
            align: 'right',
            render: (_: unknown, s) =>
              s.draftBudget ? (
                yuan(s.draftBudget.totalFen)
              ) : (
                <Typography.Text type="secondary">{t('design.suggestions.noBenchmark')}</Typography.Text>
              ),
          },
          ...(canCreate
            ? [
                {
                  title: '',
                  key: 'create',
                  fixed: 'right' as const,
                  render: (_: unknown, s: Suggestion) => (
                    <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setCreating(s)}>
                      {t('design.suggestions.create')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {creating && (
        <CreateProjectModal
          suggestion={creating}
          title={t('design.create.defaultTitle', {
            area: areaName(creating.areaCode),
            category: categoryName(creating.category),
          })}
          onClose={() => setCreating(null)}
        />
      )}
    </Card>
  );
}
