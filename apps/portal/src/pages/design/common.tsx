import { Tag } from 'antd';
import { BeneficiaryGroup } from '@sanshe/contracts/events/common';
import { ApiError } from '../../api/client';
import type { ProjectStatus } from '../../api/design';
import { errorMessage } from '../../errors';
import { useI18n, type I18n } from '../../i18n';
import { designMessages } from './messages';

type DesignKey = keyof typeof designMessages.zh;

/** A key of the design words built at run time (a rule id, an error code), if it is one. */
export function designKey(key: string): DesignKey | null {
  return key in designMessages.zh ? (key as DesignKey) : null;
}

/** Our words for the design service's known problems, else the shared ones (with the server's detail). */
export function designError(error: unknown, t: I18n['t']): string {
  if (error instanceof ApiError) {
    const key = designKey(`design.error.${error.code}`);
    if (key) return error.message ? `${t(key)}（${error.message}）` : t(key);
  }
  return errorMessage(error, t);
}

/** The linter's rule in the user's language (the server's message carries the figures). */
export function ruleText(rule: string, t: I18n['t']): string {
  return t(designKey(`design.rule.${rule}`) ?? 'design.rule.unknown');
}

export function groupText(group: string, t: I18n['t']): string {
  const known = BeneficiaryGroup.safeParse(group);
  return known.success ? t(`group.${known.data}`) : t('design.group.general');
}

const STATUS_COLOR: Record<ProjectStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  approved: 'cyan',
  published: 'blue',
  in_procurement: 'geekblue',
  contracted: 'purple',
  in_delivery: 'magenta',
  completed: 'success',
  cancelled: 'default',
};

export function ProjectStatusTag({ status }: { status: ProjectStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status}>
      {t(`design.status.${status}`)}
    </Tag>
  );
}

/** fen → yuan for an input (two decimals), and back without a float's stray fraction of a fen. */
export const fenToYuan = (fen: number): number => fen / 100;
export const yuanToFen = (yuan: number | null | undefined): number => Math.round((yuan ?? 0) * 100);
