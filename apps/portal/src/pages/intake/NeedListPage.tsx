import { Link, useSearchParams } from 'react-router';
import { Button, Card, Select, Space, Switch, Table, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { NeedStatus, Urgency } from '@sanshe/contracts/events/common';
import { Intake, intakeApi, type ListNeedsQuery, type NeedView } from '../../api/intake';
import { useReference } from '../../api/reference';
import { hasRole } from '../../auth/session';
import { StatusTag, SlaBadge, UrgencyTag } from '../../components/tags';
import { errorMessage } from '../../errors';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { ROUTE_ROLES } from '../../nav';
import { LoadError } from '../Status';

const PAGE_SIZE = 20;

function oneOf<T extends string>(options: readonly T[], value: string | null): T | undefined {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** Needs in the user's areas with their acknowledgement countdowns; filters live in the URL. */
export default function NeedListPage() {
  const { t, pick, dateTime } = useI18n();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const { reference } = useReference();

  const page = Math.max(1, Number(params.get('page')) || 1);
  const mine = params.get('mine') === '1';
  const query: ListNeedsQuery = {
    status: oneOf(NeedStatus.options, params.get('status')),
    urgency: oneOf(Urgency.options, params.get('urgency')),
    slaState: oneOf(Intake.SlaState.options, params.get('slaState')),
    category: params.get('category') ?? undefined,
    area: params.get('area') ?? undefined,
    ...(mine && session ? { ownerId: session.principal.sub } : {}),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const key = JSON.stringify(query);
  const list = useAsync((signal) => intakeApi.listNeeds(query, signal), [key]);

  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'page') next.delete('page');
    setParams(next);
  };

  const areaName = (code: string) => reference?.area(code)?.name ?? code;
  const communities = (reference?.areas ?? []).filter(
    (a) =>
      a.kind === 'community' &&
      (hasRole(session?.principal, ['official', 'admin']) ||
        a.path.some((c) => session?.principal.communities.includes(c))),
  );
  const canLog = hasRole(session?.principal, ROUTE_ROLES.logNeed);

  if (list.error && !list.data) return <LoadError message={errorMessage(list.error, t)} onRetry={list.reload} />;

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('needs.title')}
        </Typography.Title>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('app.refresh')} />
          {canLog && (
            <Link to="/needs/new">
              <Button type="primary" icon={<PlusOutlined />}>
                {t('nav.logNeed')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} aria-label={t('needs.filters')} role="search">
        <Select
          aria-label={t('need.status')}
          style={{ width: 150 }}
          allowClear
          placeholder={t('needs.anyStatus')}
          value={query.status}
          onChange={(v?: string) => set('status', v)}
          options={NeedStatus.options.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <Select
          aria-label={t('need.urgency')}
          style={{ width: 150 }}
          allowClear
          placeholder={t('needs.anyUrgency')}
          value={query.urgency}
          onChange={(v?: string) => set('urgency', v)}
          options={Urgency.options.map((u) => ({ value: u, label: t(`urgency.${u}`) }))}
        />
        <Select
          aria-label={t('need.sla')}
          style={{ width: 160 }}
          allowClear
          placeholder={t('needs.anySla')}
          value={query.slaState}
          onChange={(v?: string) => set('slaState', v)}
          options={Intake.SlaState.options.map((s) => ({ value: s, label: t(`sla.${s}`) }))}
        />
        <Select
          aria-label={t('need.category')}
          style={{ width: 200 }}
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('needs.anyCategory')}
          value={query.category}
          onChange={(v?: string) => set('category', v)}
          options={(reference?.categories ?? []).map((c) => ({ value: c.code, label: pick(c.name) }))}
        />
        {communities.length > 1 && (
          <Select
            aria-label={t('need.area')}
            style={{ width: 160 }}
            allowClear
            placeholder={t('needs.anyArea')}
            value={query.area}
            onChange={(v?: string) => set('area', v)}
            options={communities.map((a) => ({ value: a.code, label: a.name }))}
          />
        )}
        <Space>
          <Switch
            id="mine"
            checked={mine}
            onChange={(on) => set('mine', on ? '1' : undefined)}
            aria-label={t('need.mine')}
          />
          <label htmlFor="mine">{t('need.mine')}</label>
        </Space>
      </Space>
      <Table<NeedView>
        rowKey="needId"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('needs.empty') }}
        scroll={{ x: 960 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('needs.total', { total }),
          onChange: (p) => set('page', p > 1 ? String(p) : undefined),
        }}
        columns={[
          {
            title: t('need.caseNumber'),
            dataIndex: 'caseNumber',
            render: (caseNumber: string, need) => <Link to={`/needs/${need.needId}`}>{caseNumber}</Link>,
          },
          {
            title: t('need.category'),
            dataIndex: 'category',
            render: (code: string) => {
              const category = reference?.category(code);
              return category ? pick(category.name) : code;
            },
          },
          {
            title: t('need.grid'),
            dataIndex: 'gridCode',
            render: (code: string) => areaName(code),
          },
          {
            title: t('need.urgency'),
            dataIndex: 'urgency',
            render: (urgency: NeedView['urgency']) => <UrgencyTag urgency={urgency} />,
          },
          {
            title: t('need.status'),
            dataIndex: 'status',
            render: (status: NeedView['status']) => <StatusTag status={status} />,
          },
          {
            title: t('need.sla'),
            key: 'sla',
            render: (_: unknown, need) => <SlaBadge sla={need.sla} />,
          },
          {
            title: t('need.loggedAt'),
            dataIndex: 'loggedAt',
            render: (at: string) => dateTime(at),
          },
        ]}
      />
    </Card>
  );
}
