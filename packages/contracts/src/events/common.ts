import { z } from 'zod';

export const Urgency = z.enum(['low', 'normal', 'high', 'critical']);
export type Urgency = z.infer<typeof Urgency>;

export const FundingMode = z.enum(['government_purchase', 'venture_funding']);
export type FundingMode = z.infer<typeof FundingMode>;

export const MilestoneKind = z.enum(['signing', 'mid_term_evaluation', 'final_acceptance']);
export type MilestoneKind = z.infer<typeof MilestoneKind>;

/** A payment tranche: its share of the contract value and the milestone that gates it. */
export const TrancheTerm = z.object({
  percent: z.number().int().min(1).max(100),
  milestone: MilestoneKind,
});
export type TrancheTerm = z.infer<typeof TrancheTerm>;

export const TrancheSchedule = z
  .array(TrancheTerm)
  .min(1)
  .superRefine((tranches, ctx) => {
    const total = tranches.reduce((sum, t) => sum + t.percent, 0);
    if (total !== 100) ctx.addIssue({ code: 'custom', message: `tranche percentages must sum to 100, not ${total}` });
  });

/**
 * Need status as the resident sees it on the timeline of their case: handled by
 * community staff (acknowledged, resolved, referred, withdrawn) or carried through a
 * project (in project → contracted → in service → fulfilled), then closed.
 */
export const NeedStatus = z.enum([
  'logged',
  'acknowledged',
  'in_project',
  'contracted',
  'in_service',
  'fulfilled',
  'resolved',
  'referred',
  'withdrawn',
  'closed',
]);
export type NeedStatus = z.infer<typeof NeedStatus>;

/**
 * The place of each status in the life of a need; breaks ties between steps stamped
 * with the same instant (a service record that also fulfils the need).
 */
export const NEED_LIFE_ORDER: Readonly<Record<NeedStatus, number>> = {
  logged: 0,
  acknowledged: 1,
  in_project: 2,
  contracted: 3,
  in_service: 4,
  fulfilled: 5,
  resolved: 6,
  referred: 6,
  withdrawn: 7,
  closed: 8,
};

export const NeedChannel = z.enum(['window', 'phone', 'grid_visit', 'online']);
export type NeedChannel = z.infer<typeof NeedChannel>;

/** Who benefits: the policy's priority groups. */
export const BeneficiaryGroup = z.enum([
  'elderly',
  'child',
  'disabled',
  'entitled_group',
  'low_income',
  'living_alone',
]);
export type BeneficiaryGroup = z.infer<typeof BeneficiaryGroup>;
