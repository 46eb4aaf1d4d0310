import { Link, useSearchParams } from 'react-router';
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import { BulbOutlined, ReloadOutlined } from '@ant-design/icons';
import { designApi, Design, type ProjectView } from '../../api/design';
import { useReference } from '../../api/reference';
import { hasRole } from '../../auth/session';
import { yuan } from '../../format';
import { useAsync, useSession } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { designError, ProjectStatusTag } from './common';
import { DESIGN_ROLES } from './roles';

/** The projects the user may see (for community staff: their communities'), newest first, with status. */
export default function ProjectListPage() {
  const { t, pick, dateTime } = useI18n();
  const session = useSession();
  const { reference } = useReference();
  const [params, setParams] = useSearchParams();
  const parsedStatus = Design.ProjectStatus.safeParse(params.get('status'));
  const status = parsedStatus.success ? parsedStatus.data : undefined;
  const category = params.get('category') ?? undefined;
  const list = useAsync((signal) => designApi.projects({ status, category, limit: 200 }, signal), [status, category]);

  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  const mine = hasRole(session?.principal, ['community_staff']);
  const areaName = (code: string) => reference?.area(code)?.name ?? code;

  if (list.error && !list.data) return <LoadError message={designError(list.error, t)} onRetry={list.reload} />;

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t(mine ? 'design.list.mine' : 'design.list.title')}
        </Typography.Title>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('app.refresh')} />
          {hasRole(session?.principal, DESIGN_ROLES.author) && (
            <Link to="/design/suggestions">
              <Button type="primary" icon={<BulbOutlined />}>
                {t('design.list.fromSuggestion')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }} role="search" aria-label={t('design.suggestions.filters')}>
        <Select
          aria-label={t('need.status')}
          style={{ width: 150 }}
          allowClear
          placeholder={t('design.list.anyStatus')}
          value={status}
          onChange={(v?: string) => set('status', v)}
          options={Design.ProjectStatus.options.map((s) => ({ value: s, label: t(`design.status.${s}`) }))}
        />
        <Select
          aria-label={t('design.field.category')}
          style={{ width: 180 }}
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('design.suggestions.anyCategory')}
          value={category}
          onChange={(v?: string) => set('category', v)}
          options={(reference?.categories ?? []).map((c) => ({ value: c.code, label: pick(c.name) }))}
        />
      </Space>
      <Table<ProjectView>
        rowKey="projectId"
        loading={list.loading}
        dataSource={list.data ?? []}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('design.list.empty') }}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => t('design.list.total', { total }) }}
        columns={[
          {
            title: t('design.field.title'),
            dataIndex: 'title',
            render: (title: string, p) => <Link to={`/design/projects/${p.projectId}`}>{title}</Link>,
          },
          {
            title: t('design.field.category'),
            dataIndex: 'category',
            render: (code: string) => {
              const c = reference?.category(code);
              return c ? pick(c.name) : code;
            },
          },
          {
            title: t('design.field.communityCodes'),
            dataIndex: 'communityCodes',
            render: (codes: string[]) => codes.map(areaName).join('、'),
          },
          {
            title: t('design.field.budget'),
            dataIndex: 'budgetFen',
            align: 'right',
            render: (fen: number) => yuan(fen),
          },
          {
            title: t('design.field.fundingMode'),
            dataIndex: 'fundingMode',
            render: (m: ProjectView['fundingMode']) => t(`design.mode.${m}`),
          },
          {
            title: t('need.status'),
            dataIndex: 'status',
            render: (s: ProjectView['status']) => <ProjectStatusTag status={s} />,
          },
          { title: t('design.history.version'), dataIndex: 'version', align: 'right' },
          { title: t('design.history.at'), dataIndex: 'updatedAt', render: (at: string) => dateTime(at) },
        ]}
      />
    </Card>
  );
}
