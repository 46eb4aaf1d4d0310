import type { IntakeApi } from '@sanshe/contracts';
import { orderedTimeline, type Need } from '../domain/need';

export function toNeedView(need: Need): IntakeApi.NeedView {
  return {
    needId: need._id,
    caseNumber: need.caseNumber,
    category: need.category,
    communityCode: need.communityCode,
    gridCode: need.gridCode,
    urgency: need.urgency,
    beneficiaryCount: need.beneficiaryCount,
    description: need.description,
    status: need.status,
    timeline: orderedTimeline(need.timeline),
    loggedBy: need.loggedBy,
    loggedAt: need.loggedAt,
  };
}
