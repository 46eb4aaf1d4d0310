import { Descriptions, List, Table, Tag, Typography } from 'antd';
import type { ProjectView } from '../../api/officials';
import { useReference } from '../../api/reference';
import { yuan } from '../../format';
import { useI18n } from '../../i18n';
import { useCategoryName, columns } from './tags';

/** What a project says: scope, money, method, objectives, indicators, budget lines, criteria and tranches. */
export function ProjectFacts({ project, programmeName }: { project: ProjectView; programmeName: string | null }) {
  const { t, date, dateTime } = useI18n();
  const categoryName = useCategoryName();
  const { reference } = useReference();
  const areaName = (code: string) => reference?.area(code)?.name ?? code;
  const section = (key: Parameters<typeof t>[0]) => (
    <Typography.Title level={5} style={{ marginTop: 24 }}>
      {t(key)}
    </Typography.Title>
  );

  return (
    <>
      <Descriptions bordered size="small" column={columns(2)} data-testid="project-facts">
        <Descriptions.Item label={t('officials.project.category')}>{categoryName(project.category)}</Descriptions.Item>
        <Descriptions.Item label={t('officials.project.communities')}>
          {project.communityCodes.map(areaName).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label={t('officials.project.fundingMode')}>
          {t(`officials.fundingMode.${project.fundingMode}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('officials.project.programme')}>
          {programmeName ?? project.programmeId ?? t('app.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('officials.project.period')}>
          {project.servicePeriod
            ? `${date(project.servicePeriod.start)} – ${date(project.servicePeriod.end)}`
            : t('app.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('officials.project.method')}>
          {t(`officials.method.${project.procurementMethod}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('officials.project.budget')}>{yuan(project.budgetFen)}</Descriptions.Item>
        <Descriptions.Item label={t('officials.project.requested')}>{yuan(project.requestedFen)}</Descriptions.Item>
        {project.fundingMode === 'venture_funding' && (
          <Descriptions.Item label={t('officials.project.matchingFunds')}>
            {yuan(project.matchingFundsFen)}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('officials.project.linkedNeeds')}>
          <span data-testid="linked-needs">{project.needIds.length}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('officials.project.submittedAt')}>
          {dateTime(project.submittedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('officials.project.createdBy')}>{project.createdBy}</Descriptions.Item>
        {project.methodJustification && (
          <Descriptions.Item label={t('officials.project.justification')} span={2}>
            {project.methodJustification}
          </Descriptions.Item>
        )}
        {project.returnComments && (
          <Descriptions.Item label={t('officials.project.returnComments')} span={2}>
            {project.returnComments}
          </Descriptions.Item>
        )}
      </Descriptions>

      {section('officials.project.objectives')}
      <List
        size="small"
        bordered
        dataSource={project.objectives}
        locale={{ emptyText: t('app.none') }}
        renderItem={(objective, i) => <List.Item>{`${i + 1}. ${objective}`}</List.Item>}
      />

      {section('officials.project.kpis')}
      <Table
        size="small"
        pagination={false}
        rowKey={(k) => `${k.kind}-${k.name}`}
        dataSource={project.kpis}
        locale={{ emptyText: t('app.none') }}
        columns={[
          {
            title: t('officials.kpi.kind'),
            dataIndex: 'kind',
            render: (kind: 'output' | 'outcome') => <Tag>{t(`officials.kpiKind.${kind}`)}</Tag>,
          },
          { title: t('officials.kpi.name'), dataIndex: 'name' },
          {
            title: t('officials.kpi.target'),
            key: 'target',
            render: (_: unknown, k) => `${k.target} ${k.unit}`,
          },
          { title: t('officials.kpi.measurement'), dataIndex: 'measurement' },
        ]}
      />

      {section('officials.project.budgetLines')}
      <Table
        size="small"
        pagination={false}
        rowKey={(l) => `${l.kind}-${l.description}`}
        dataSource={project.budgetLines}
        locale={{ emptyText: t('app.none') }}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              {t('officials.budget.total')}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {yuan(project.budgetFen)}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
        columns={[
          {
            title: t('officials.budget.kind'),
            dataIndex: 'kind',
            render: (kind: ProjectView['budgetLines'][number]['kind']) => t(`officials.budgetLine.${kind}`),
          },
          { title: t('officials.budget.description'), dataIndex: 'description' },
          {
            title: t('officials.budget.amount'),
            dataIndex: 'amountFen',
            align: 'right',
            render: (fen: number) => yuan(fen),
          },
        ]}
      />

      <CriteriaTable criteria={project.evaluationCriteria} />

      {section('officials.project.tranches')}
      <Typography.Paragraph>
        {project.tranches
          .map((tr) =>
            t('officials.project.tranche', {
              percent: tr.percent,
              milestone: t(`officials.milestone.${tr.milestone}`),
            }),
          )
          .join('；')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {t('officials.project.eligibility', {
          kinds: project.eligibility.organisationKinds.map((k) => t(`officials.orgKind.${k}`)).join('、'),
          percent: project.eligibility.minCertifiedSocialWorkerPercent,
        })}
      </Typography.Paragraph>
    </>
  );
}

/** Evaluation criteria and their weights (the price one is scored by the formula, the others by the panel). */
export function CriteriaTable({ criteria }: { criteria: ProjectView['evaluationCriteria'] }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('officials.project.criteria')}
      </Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="code"
        dataSource={criteria}
        locale={{ emptyText: t('app.none') }}
        columns={[
          { title: t('officials.criterion.name'), dataIndex: 'name' },
          {
            title: t('officials.criterion.kind'),
            dataIndex: 'kind',
            render: (kind: 'price' | 'technical' | 'qualification') => t(`officials.criterionKind.${kind}`),
          },
          {
            title: t('officials.criterion.weight'),
            dataIndex: 'weight',
            align: 'right',
            render: (w: number) => `${w}%`,
          },
        ]}
      />
    </>
  );
}
