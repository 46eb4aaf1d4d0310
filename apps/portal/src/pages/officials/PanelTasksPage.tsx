import { Link } from 'react-router';
import { Button, Card, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { officialsApi, type PanelKind, type PanelView, type RoundView, type TenderView } from '../../api/officials';
import { useAsync } from '../../hooks';
import { useI18n } from '../../i18n';
import { LoadError } from '../Status';
import { problemText } from './errors';
import { MemberStatusTag } from './PanelCard';
import { RoundStatusTag, TenderStatusTag } from './tags';

interface Task {
  kind: PanelKind;
  id: string;
  title: string;
  deadline: string;
  tenderStatus: TenderView['status'] | null;
  roundStatus: RoundView['status'] | null;
  me: PanelView['evaluators'][number] | null;
}

const LIVE_TENDER: readonly TenderView['status'][] = [
  'enquiry',
  'tendering',
  'closed',
  'evaluation',
  'awarded',
  'complete',
];

/**
 * The panels this evaluator sits on. There is no "my panels" endpoint: each live tender's and
 * round's panel is asked for, and the ones that answer (the evaluator is on them) are listed.
 */
async function loadTasks(signal: AbortSignal): Promise<Task[]> {
  const [tenders, rounds] = await Promise.all([officialsApi.tenders({}, signal), officialsApi.rounds(signal)]);
  const candidates: Omit<Task, 'me'>[] = [
    ...tenders
      .filter((x) => LIVE_TENDER.includes(x.status))
      .map((x) => ({
        kind: 'tender' as const,
        id: x.tenderId,
        title: x.title,
        deadline: x.deadline,
        tenderStatus: x.status,
        roundStatus: null,
      })),
    ...rounds
      .filter((r) => r.status !== 'cancelled')
      .map((r) => ({
        kind: 'round' as const,
        id: r.roundId,
        title: r.title,
        deadline: r.deadline,
        tenderStatus: null,
        roundStatus: r.status,
      })),
  ];
  const panels = await Promise.all(candidates.map((c) => officialsApi.panel(c.kind, c.id, signal)));
  return candidates.flatMap((c, i) => {
    const panel = panels[i];
    return panel ? [{ ...c, me: panel.evaluators[0] ?? null }] : [];
  });
}

export default function PanelTasksPage() {
  const { t, dateTime } = useI18n();
  const tasks = useAsync(loadTasks, []);

  if (tasks.error && !tasks.data) return <LoadError message={problemText(tasks.error, t)} onRetry={tasks.reload} />;

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('officials.tasks.title')}
        </Typography.Title>
      }
      extra={<Button icon={<ReloadOutlined />} onClick={tasks.reload} aria-label={t('app.refresh')} />}
    >
      <Table<Task>
        rowKey={(task) => `${task.kind}-${task.id}`}
        loading={tasks.loading}
        dataSource={tasks.data ?? []}
        pagination={false}
        locale={{ emptyText: t('officials.tasks.empty') }}
        scroll={{ x: 800 }}
        columns={[
          {
            title: t('officials.tasks.subject'),
            dataIndex: 'title',
            render: (title: string, task) => <Link to={`/officials/panels/${task.kind}/${task.id}`}>{title}</Link>,
          },
          {
            title: t('officials.tasks.kind'),
            dataIndex: 'kind',
            render: (kind: PanelKind) => <Tag>{t(`officials.tasks.kind.${kind}`)}</Tag>,
          },
          {
            title: t('officials.tender.status'),
            key: 'status',
            render: (_: unknown, task) =>
              task.tenderStatus ? (
                <TenderStatusTag status={task.tenderStatus} />
              ) : task.roundStatus ? (
                <RoundStatusTag status={task.roundStatus} />
              ) : null,
          },
          { title: t('officials.tender.deadline'), dataIndex: 'deadline', render: (d: string) => dateTime(d) },
          {
            title: t('officials.tasks.me'),
            key: 'me',
            render: (_: unknown, task) => (task.me ? <MemberStatusTag member={task.me} /> : null),
          },
          {
            title: t('officials.panel.sheet'),
            key: 'sheet',
            render: (_: unknown, task) =>
              task.me?.sheetSubmittedAt ? dateTime(task.me.sheetSubmittedAt) : t('officials.panel.noSheet'),
          },
        ]}
      />
    </Card>
  );
}
