import type { ReactNode } from 'react';
import { Alert, Tag, Typography } from 'antd';
import { ApiError, type FieldProblem } from '../../api/client';
import type { ContractView, OrganisationView, TenderStatus } from '../../api/organisations';
import { errorMessage } from '../../errors';
import type { I18n, MessageKey } from '../../i18n';
import { useI18n } from '../../i18n';

/** Descriptions' columns at every breakpoint (antd falls back to 3 where a breakpoint is not given). */
export const TWO_COLUMNS = { xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 };
export const THREE_COLUMNS = { xs: 1, sm: 1, md: 3, lg: 3, xl: 3, xxl: 3 };

/** Yuan typed by a person → integer fen (the APIs never take floats). */
export const fenOf = (yuan: number): number => Math.round(yuan * 100);
/** Fen → yuan for an input's initial value. */
export const yuanOf = (fen: number): number => fen / 100;

/** An antd validator's answer: resolved when valid, rejected with the message shown under the field. */
export const verdict = (problem: string | null): Promise<void> =>
  problem === null ? Promise.resolve() : Promise.reject(new Error(problem));

/** Problems the organisations' screens explain in the user's language (else the server's words). */
const KNOWN: Record<string, MessageKey> = {
  'AUTH.FORBIDDEN': 'organisations.error.forbidden',
  'PROCUREMENT.TENDER_CLOSED': 'organisations.error.tenderClosed',
  'PROCUREMENT.ENQUIRIES_CLOSED': 'organisations.error.enquiriesClosed',
  'PROCUREMENT.ORGANISATION_EXISTS': 'organisations.error.organisationExists',
  'PROCUREMENT.STANDSTILL_OVER': 'organisations.error.standstillOver',
  'PROCUREMENT.STATION_OUTSIDE_SERVICE_AREA': 'organisations.error.stationOutside',
  'FULFILMENT.OUTSIDE_PERIOD': 'organisations.error.outsidePeriod',
  'FULFILMENT.INVALID_SERVICE_RECORD': 'organisations.error.invalidRecords',
  'FULFILMENT.DAY_OVERBOOKED': 'organisations.error.dayOverbooked',
  'FULFILMENT.CONTRACT_NOT_ACTIVE': 'organisations.error.contractNotActive',
  'FULFILMENT.NO_BUDGET': 'organisations.error.noBudget',
  'FULFILMENT.BUDGET_INVALID': 'organisations.error.budgetInvalid',
  'FULFILMENT.EXPENSE_INVALID': 'organisations.error.expenseInvalid',
};

/** What to tell the user about a failed call: our words and, where it helps, the server's detail. */
export function orgError(error: unknown, t: I18n['t']): string {
  if (error instanceof ApiError) {
    const key = KNOWN[error.code];
    if (key) return error.message ? `${t(key)}（${error.message}）` : t(key);
  }
  return errorMessage(error, t);
}

/** Reasons the servers give for a field, in the user's language where we know them. */
const REASONS: Record<string, MessageKey> = {
  'not one of the contract needs': 'organisations.reason.notContractNeed',
  "does not match the resident's code": 'organisations.reason.residentCode',
  'six digits or capital letters': 'organisations.reason.residentCodeFormat',
};

export function reasonText(reason: string, t: I18n['t']): string {
  const key = REASONS[reason];
  return key ? t(key) : reason;
}

/** A problem's field as a form path: `body.records.2.hours` and `records.2.hours` → ['records', 2, 'hours']. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/^body\./, '')
    .split('.')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Field problems of a failed call (or of the contract schema checked before sending). */
export function problemsOf(error: unknown): FieldProblem[] {
  return error instanceof ApiError ? error.fields : [];
}

export function PageTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={4} style={{ margin: 0 }}>
      {children}
    </Typography.Title>
  );
}

/** An organisation user or social worker whose account is not yet linked to an organisation. */
export function NotLinked() {
  const { t } = useI18n();
  return (
    <Alert type="info" showIcon message={t('organisations.notLinked')} description={t('organisations.notLinkedHint')} />
  );
}

const ORG_STATUS_COLOR: Record<OrganisationView['status'], string> = {
  registered: 'gold',
  verified: 'green',
  suspended: 'orange',
  banned: 'red',
};

export function OrganisationStatusTag({ status }: { status: OrganisationView['status'] }) {
  const { t } = useI18n();
  return (
    <Tag color={ORG_STATUS_COLOR[status]} data-org-status={status}>
      {t(`organisations.status.${status}`)}
    </Tag>
  );
}

const TENDER_STATUS_COLOR: Record<TenderStatus, string> = {
  enquiry: 'blue',
  tendering: 'processing',
  closed: 'purple',
  evaluation: 'geekblue',
  awarded: 'cyan',
  complete: 'green',
  unsuccessful: 'default',
  cancelled: 'default',
};

export function TenderStatusTag({ status }: { status: TenderStatus }) {
  const { t } = useI18n();
  return <Tag color={TENDER_STATUS_COLOR[status]}>{t(`organisations.tenderStatus.${status}`)}</Tag>;
}

const CONTRACT_STATUS_COLOR: Record<ContractView['status'], string> = {
  active: 'processing',
  completed: 'green',
  terminated: 'red',
};

export function ContractStatusTag({ status }: { status: ContractView['status'] }) {
  const { t } = useI18n();
  return <Tag color={CONTRACT_STATUS_COLOR[status]}>{t(`organisations.contractStatus.${status}`)}</Tag>;
}

const KINDS = ['social_association', 'private_non_enterprise_unit', 'foundation'] as const;
type Kind = (typeof KINDS)[number];
const isKind = (k: string | null): k is Kind => (KINDS as readonly (string | null)[]).includes(k);

/** 社会团体, 民办非企业单位, 基金会 (from the USCC's civil-affairs prefix). */
export function KindText({ kind }: { kind: string | null }) {
  const { t } = useI18n();
  return <>{isKind(kind) ? t(`organisations.kind.${kind}`) : (kind ?? '—')}</>;
}

/** A need of a contract, named by its place in the contract (social workers cannot read intake's needs). */
export function needLabel(contract: Pick<ContractView, 'needIds'>, needId: string, t: I18n['t']): string {
  const index = contract.needIds.indexOf(needId);
  return t('organisations.needLabel', { n: index + 1, id: needId.slice(-6) });
}
