import type { ProcurementMethod } from '@sanshe/contracts';

/**
 * Stored states of a tender. `tendering` shows as `enquiry` while the enquiry period
 * runs (it overlaps the tender period and ends first, as in Prozorro's open procedures).
 */
export type TenderState = 'tendering' | 'closed' | 'evaluation' | 'awarded' | 'complete' | 'unsuccessful' | 'cancelled';

export const METHOD_DETAILS: Record<ProcurementMethod, string> = {
  open_tender: '公开招标',
  competitive_consultation: '竞争性磋商',
  competitive_negotiation: '竞争性谈判',
  single_source: '单一来源',
  inquiry: '询价',
};

/** OCDS procurementMethod: 公开招标 → open, 竞争性谈判/磋商/询价 → limited, 单一来源 → direct. */
export const OCDS_METHOD: Record<ProcurementMethod, 'open' | 'selective' | 'limited' | 'direct'> = {
  open_tender: 'open',
  competitive_consultation: 'limited',
  competitive_negotiation: 'limited',
  single_source: 'direct',
  inquiry: 'limited',
};

/** The server clock decides: once the deadline has passed, a tendering tender is closed, job or no job. */
export function isPastDeadline(deadline: string, now: Date): boolean {
  return now.getTime() >= new Date(deadline).getTime();
}

/** 流标: a procedure needs at least `minimum` qualified bids to go on. */
export function closingStatus(qualifiedBids: number, minimum: number): 'closed' | 'unsuccessful' {
  return qualifiedBids >= minimum ? 'closed' : 'unsuccessful';
}

/** Enquiries close `lead` seconds before the deadline, but never in the first half of the tender period. */
export function enquiryPeriodEnd(start: Date, deadline: Date, leadSeconds: number): Date {
  const half = (deadline.getTime() - start.getTime()) / 2;
  return new Date(deadline.getTime() - Math.min(leadSeconds * 1000, half));
}

export function publicStatus(state: TenderState, enquiryEnd: string, now: Date): TenderState | 'enquiry' {
  if (state === 'tendering' && now.getTime() < new Date(enquiryEnd).getTime()) return 'enquiry';
  return state;
}
