import { Link, useSearchParams } from 'react-router';
import { Button, Card, Segmented, Space, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { officialsApi, type ProjectStatus, type ProjectView } from '../../api/officials';
import { useReference } from '../../api/reference';
import { yuan } from '../../format';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { problemText } from './errors';
import { ProjectStatusTag, useCategoryName } from './tags';

const FILTERS = ['submitted', 'approved', 'returned', 'published'] as const satisfies readonly ProjectStatus[];
type Filter = (typeof FILTERS)[number];
const isFilter = (value: string | null): value is Filter => (FILTERS as readonly string[]).includes(value ?? '');

/** Projects waiting for a decision (and, one click away, those decided): the official's review queue. */
export default function ReviewListPage() {
  const { t, dateTime } = useI18n();
  const [params, setParams] = useSearchParams();
  const status: Filter = isFilter(params.get('status')) ? (params.get('status') as Filter) : 'submitted';
  const projects = useAsync((signal) => officialsApi.projects(status, signal), [status]);
  const categoryName = useCategoryName();
  const { reference } = useReference();
  const areaName = (code: string) => reference?.area(code)?.name ?? code;

  if (projects.error && !projects.data)
    return <LoadError message={problemText(projects.error, t)} onRetry={projects.reload} />;

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('officials.review.title')}
        </Typography.Title>
      }
      extra={<Button icon={<ReloadOutlined />} onClick={projects.reload} aria-label={t('app.refresh')} />}
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Segmented<Filter>
          aria-label={t('officials.review.filter')}
          value={status}
          onChange={(value) => setParams(value === 'submitted' ? {} : { status: value })}
          options={FILTERS.map((value) => ({ value, label: t(`officials.projectStatus.${value}`) }))}
        />
        <Table<ProjectView>
          rowKey="projectId"
          loading={projects.loading}
          dataSource={projects.data ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('officials.review.empty') }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('officials.project.title'),
              dataIndex: 'title',
              render: (title: string, p) => <Link to={`/officials/projects/${p.projectId}`}>{title}</Link>,
            },
            { title: t('officials.project.category'), dataIndex: 'category', render: categoryName },
            {
              title: t('officials.project.communities'),
              dataIndex: 'communityCodes',
              render: (codes: string[]) => codes.map(areaName).join('、'),
            },
            {
              title: t('officials.project.fundingMode'),
              dataIndex: 'fundingMode',
              render: (mode: ProjectView['fundingMode']) => t(`officials.fundingMode.${mode}`),
            },
            {
              title: t('officials.project.budget'),
              dataIndex: 'budgetFen',
              align: 'right',
              render: (fen: number) => yuan(fen),
            },
            {
              title: t('officials.project.needs'),
              dataIndex: 'needIds',
              align: 'right',
              render: (ids: string[]) => ids.length,
            },
            {
              title: t('officials.project.submittedAt'),
              dataIndex: 'submittedAt',
              render: (at: string | null) => dateTime(at),
            },
            {
              title: t('officials.project.status'),
              dataIndex: 'status',
              render: (s: ProjectStatus) => <ProjectStatusTag status={s} />,
            },
          ]}
        />
      </Space>
    </Card>
  );
}
