import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../errors';
import type { I18n, MessageKey } from '../../i18n';

/** Problems of design, procurement and fulfilment the officials meet, in the user's language. */
const KNOWN: Record<string, MessageKey> = {
  'AUTH.FORBIDDEN': 'officials.error.forbidden',
  'DESIGN.INVALID_TRANSITION': 'officials.error.invalidTransition',
  'DESIGN.BUDGET_EXHAUSTED': 'officials.error.budgetExhausted',
  'DESIGN.POLICY_VIOLATIONS': 'officials.error.policyViolations',
  'DESIGN.CONCURRENT_UPDATE': 'officials.error.concurrent',
  'DESIGN.PROGRAMME_CLOSED': 'officials.error.programmeClosed',
  'PROCUREMENT.INVALID_TRANSITION': 'officials.error.invalidTransition',
  'PROCUREMENT.CONCURRENT_UPDATE': 'officials.error.concurrent',
  'PROCUREMENT.SHEETS_MISSING': 'officials.error.sheetsMissing',
  'PROCUREMENT.PANEL_TOO_SMALL': 'officials.error.panelTooSmall',
  'PROCUREMENT.PANEL_LOCKED': 'officials.error.panelLocked',
  'PROCUREMENT.DUPLICATE_EVALUATOR': 'officials.error.duplicateEvaluator',
  'PROCUREMENT.SCORES_INCOMPLETE': 'officials.error.scoresIncomplete',
  'PROCUREMENT.SCORING_CLOSED': 'officials.error.scoringClosed',
  'PROCUREMENT.ALREADY_DECLARED': 'officials.error.alreadyDeclared',
  'PROCUREMENT.NOT_YET': 'officials.error.notYet',
  'PROCUREMENT.NOT_EVALUATED': 'officials.error.notEvaluated',
  'PROCUREMENT.INVALID_QUALIFICATION': 'officials.error.invalidQualification',
  'PROCUREMENT.STANDSTILL_OVER': 'officials.error.standstillOver',
  'PROCUREMENT.COMPLAINT_RESOLVED': 'officials.error.complaintResolved',
  'PROCUREMENT.SAME_METHOD': 'officials.error.sameMethod',
  'PROCUREMENT.ALREADY_RERUN': 'officials.error.alreadyRerun',
  'PROCUREMENT.TOO_FEW_BIDS': 'officials.error.tooFewBids',
  'FULFILMENT.TRANCHE_NOT_PAYABLE': 'officials.error.trancheNotPayable',
  'FULFILMENT.MILESTONE_ACCEPTED': 'officials.error.milestoneAccepted',
  'FULFILMENT.CONTRACT_NOT_ACTIVE': 'officials.error.contractNotActive',
  'FULFILMENT.CONCURRENT_UPDATE': 'officials.error.concurrent',
  'VALIDATION.INVALID_INPUT': 'officials.error.invalidInput',
};

/** Our words for a known problem, with the server's detail beside them; else the shared wording. */
export function problemText(error: unknown, t: I18n['t']): string {
  if (error instanceof ApiError) {
    const key = KNOWN[error.code];
    if (key) return error.message ? `${t(key)}（${error.message}）` : t(key);
  }
  return errorMessage(error, t);
}

/**
 * Puts a problem's field errors (`body.comments`, `body.decisions.0.reason`) beside the form
 * fields they name; returns whether any field took one (else the caller shows the problem).
 */
export function showFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || error.fields.length === 0) return false;
  const matched = error.fields
    .map((f) => ({ name: f.field.replace(/^body\./, ''), reason: f.reason }))
    .filter((f) => fields.includes(f.name));
  if (matched.length === 0) return false;
  form.setFields(matched.map((f) => ({ name: f.name, errors: [f.reason] })));
  return true;
}
