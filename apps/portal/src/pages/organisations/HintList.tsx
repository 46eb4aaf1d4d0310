import { Space, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, InfoCircleTwoTone } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { eligible, type Hint } from './eligibility';

/** The checks, one a line: a failed condition in red, a weak fit in blue. */
export function HintList({ hints }: { hints: readonly Hint[] }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size={2} data-testid="eligibility">
      {hints.map((h) => (
        <Typography.Text key={h.check}>
          {h.passed ? (
            <CheckCircleTwoTone twoToneColor="#52c41a" />
          ) : h.required ? (
            <CloseCircleTwoTone twoToneColor="#cf1322" />
          ) : (
            <InfoCircleTwoTone />
          )}{' '}
          {t(`organisations.hint.${h.check}.${h.passed ? 'pass' : 'fail'}`, h.params)}
        </Typography.Text>
      ))}
    </Space>
  );
}

/** One tag for a table row, the checks on hover. */
export function HintTag({ hints }: { hints: readonly Hint[] }) {
  const { t } = useI18n();
  const ok = eligible(hints);
  const fit = hints.filter((h) => !h.required && h.passed).length;
  return (
    <Tooltip title={<HintList hints={hints} />} color="white">
      <Tag color={ok ? 'green' : 'red'} tabIndex={0}>
        {ok ? t('organisations.hint.eligible', { fit }) : t('organisations.hint.notEligible')}
      </Tag>
    </Tooltip>
  );
}
