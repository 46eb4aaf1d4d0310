import { Space, Tag, Tooltip } from 'antd';
import { ClockCircleOutlined, RiseOutlined } from '@ant-design/icons';
import type { NeedView } from '../api/intake';
import { formatDuration } from '../format';
import { useNow } from '../hooks';
import { useI18n } from '../i18n';

const STATUS_COLOR: Record<NeedView['status'], string> = {
  logged: 'gold',
  acknowledged: 'blue',
  in_project: 'cyan',
  contracted: 'geekblue',
  in_service: 'purple',
  fulfilled: 'green',
  resolved: 'green',
  referred: 'lime',
  withdrawn: 'default',
  closed: 'default',
};

const URGENCY_COLOR: Record<NeedView['urgency'], string> = {
  low: 'default',
  normal: 'blue',
  high: 'orange',
  critical: 'red',
};

export function StatusTag({ status }: { status: NeedView['status'] }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t(`status.${status}`)}</Tag>;
}

export function UrgencyTag({ urgency }: { urgency: NeedView['urgency'] }) {
  const { t } = useI18n();
  return <Tag color={URGENCY_COLOR[urgency]}>{t(`urgency.${urgency}`)}</Tag>;
}

const SLA_COLOR: Record<NeedView['sla']['state'], string> = {
  on_time: 'processing',
  due_soon: 'warning',
  breached: 'error',
  met: 'success',
  missed: 'default',
};

/**
 * The acknowledgement deadline (首问负责): a live countdown while the need waits, how late it is
 * once overdue, the outcome once settled, and a marker when it was escalated to the street.
 */
export function SlaBadge({ sla }: { sla: NeedView['sla'] }) {
  const { t, dateTime } = useI18n();
  const now = useNow(30_000);
  const left = new Date(sla.acknowledgeBy).getTime() - now;
  const waiting = sla.state === 'on_time' || sla.state === 'due_soon' || sla.state === 'breached';
  // The server's state is authoritative; the countdown only moves it on between reloads.
  const state = waiting && left <= 0 ? 'breached' : sla.state;
  const text = !waiting
    ? t(`sla.${state}`)
    : left > 0
      ? t('sla.left', { time: formatDuration(left, t) })
      : t('sla.overdue', { time: formatDuration(left, t) });
  const tip = sla.acknowledgedAt
    ? t('sla.acknowledgedAt', { time: dateTime(sla.acknowledgedAt) })
    : t('sla.acknowledgeBy', { time: dateTime(sla.acknowledgeBy) });
  return (
    <Space size={4} wrap data-testid="sla">
      <Tooltip title={tip}>
        <Tag color={SLA_COLOR[state]} icon={<ClockCircleOutlined />} data-sla-state={state}>
          {text}
        </Tag>
      </Tooltip>
      {sla.escalatedAt && (
        <Tooltip title={dateTime(sla.escalatedAt)}>
          <Tag color="red" icon={<RiseOutlined />}>
            {t('sla.escalated')}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}
