import { Table, Typography } from 'antd';
import { designApi, type HistoryEntry } from '../../../api/design';
import { useAsync } from '../../../hooks';
import { useI18n } from '../../../i18n';
import { LoadError } from '../../Status';
import { designError, designKey, ProjectStatusTag } from '../common';
import { fieldLabel } from './findings';

/** Every version of the project: who did what, when, which fields changed, with what comment. */
export function History({ projectId, version }: { projectId: string; version: number }) {
  const { t, dateTime } = useI18n();
  // Reloads whenever the project reaches a new version.
  const history = useAsync((signal) => designApi.history(projectId, signal), [projectId, version]);
  if (history.error && !history.data)
    return <LoadError message={designError(history.error, t)} onRetry={history.reload} />;
  return (
    <Table<HistoryEntry>
      data-testid="history"
      rowKey="version"
      size="small"
      loading={history.loading}
      dataSource={[...(history.data?.items ?? [])].reverse()}
      pagination={false}
      locale={{ emptyText: t('design.history.empty') }}
      columns={[
        { title: t('design.history.version'), dataIndex: 'version', width: 80 },
        { title: t('design.history.at'), dataIndex: 'at', render: (at: string) => dateTime(at), width: 180 },
        { title: t('design.history.by'), dataIndex: 'by', width: 160 },
        {
          title: t('design.history.action'),
          dataIndex: 'action',
          width: 120,
          render: (action: string) => {
            const key = designKey(`design.action.${action}`);
            return key ? t(key) : action;
          },
        },
        {
          title: t('design.history.details'),
          key: 'details',
          render: (_: unknown, h) => (
            <>
              {h.from && h.to && (
                <span>
                  <ProjectStatusTag status={h.from} />→ <ProjectStatusTag status={h.to} />
                </span>
              )}
              {!h.from && h.to && <ProjectStatusTag status={h.to} />}
              {h.fields && h.fields.length > 0 && (
                <div>{t('design.history.fields', { fields: h.fields.map((f) => fieldLabel(f, t)).join('、') })}</div>
              )}
              {h.comment && <Typography.Text type="secondary">{h.comment}</Typography.Text>}
            </>
          ),
        },
      ]}
    />
  );
}
