import { Tag } from 'antd';
import type { ContractView, ProjectStatus, RoundView, TenderStatus } from '../../api/officials';
import { useReference } from '../../api/reference';
import { useI18n } from '../../i18n';

const PROJECT_COLOR: Record<ProjectStatus, string> = {
  draft: 'default',
  submitted: 'gold',
  returned: 'orange',
  approved: 'blue',
  published: 'cyan',
  in_procurement: 'geekblue',
  contracted: 'purple',
  in_delivery: 'purple',
  completed: 'green',
  cancelled: 'default',
};

export function ProjectStatusTag({ status }: { status: ProjectStatus }) {
  const { t } = useI18n();
  return <Tag color={PROJECT_COLOR[status]}>{t(`officials.projectStatus.${status}`)}</Tag>;
}

const TENDER_COLOR: Record<TenderStatus, string> = {
  enquiry: 'gold',
  tendering: 'blue',
  closed: 'cyan',
  evaluation: 'geekblue',
  awarded: 'purple',
  complete: 'green',
  unsuccessful: 'red',
  cancelled: 'default',
};

export function TenderStatusTag({ status }: { status: TenderStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={TENDER_COLOR[status]} data-status={status}>
      {t(`officials.tenderStatus.${status}`)}
    </Tag>
  );
}

const ROUND_COLOR: Record<RoundView['status'], string> = {
  open: 'blue',
  closed: 'cyan',
  evaluation: 'geekblue',
  awarded: 'green',
  cancelled: 'default',
};

export function RoundStatusTag({ status }: { status: RoundView['status'] }) {
  const { t } = useI18n();
  return <Tag color={ROUND_COLOR[status]}>{t(`officials.roundStatus.${status}`)}</Tag>;
}

export type TrancheState = 'payable' | 'held' | 'waiting' | 'disbursed' | 'cancelled';

const TRANCHE_COLOR: Record<TrancheState, string> = {
  payable: 'processing',
  held: 'error',
  waiting: 'default',
  disbursed: 'success',
  cancelled: 'default',
};

/** Where a tranche stands: paid, payable now (its gate open), held by a failed gate, or waiting for its gate. */
export function trancheState(contract: ContractView, tranche: ContractView['tranches'][number]): TrancheState {
  if (tranche.status === 'disbursed') return 'disbursed';
  if (tranche.status === 'cancelled' || contract.status === 'terminated') return 'cancelled';
  const gate = contract.milestones.find((m) => m.kind === tranche.milestone);
  if (gate?.status === 'failed') return 'held';
  return gate?.status === 'accepted' ? 'payable' : 'waiting';
}

export function TrancheStateTag({ state }: { state: TrancheState }) {
  const { t } = useI18n();
  return (
    <Tag color={TRANCHE_COLOR[state]} data-tranche-state={state}>
      {t(`officials.trancheState.${state}`)}
    </Tag>
  );
}

/** A service category's name from intake's reference (the code when it is unknown). */
export function useCategoryName(): (code: string) => string {
  const { pick } = useI18n();
  const { reference } = useReference();
  return (code) => {
    const category = reference?.category(code);
    return category ? pick(category.name) : code;
  };
}

/** Descriptions columns by breakpoint: one on phones, `n` from tablets up (antd fills unnamed breakpoints with 3). */
export const columns = (n: number) => ({ xs: 1, sm: 1, md: n, lg: n, xl: n, xxl: n });
