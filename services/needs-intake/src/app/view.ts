import { maskPhone, type IntakeApi } from '@sanshe/contracts';
import type { Principal } from '@sanshe/platform';
import { orderedTimeline, type Need } from '../domain/need';
import { slaState, type SlaPolicy } from '../domain/sla';
import { seesFullPhone } from './access';

export function toNeedView(need: Need, actor: Principal, policy: SlaPolicy, now: Date): IntakeApi.NeedView {
  return {
    needId: need._id,
    caseNumber: need.caseNumber,
    channel: need.channel,
    category: need.category,
    attributes: need.attributes,
    districtCode: need.districtCode,
    streetCode: need.streetCode,
    communityCode: need.communityCode,
    gridCode: need.gridCode,
    urgency: need.urgency,
    beneficiaryCount: need.beneficiaryCount,
    beneficiaryGroups: need.beneficiaryGroups,
    description: need.description,
    contact: need.contact
      ? {
          name: need.contact.name,
          phone: seesFullPhone(actor, need) ? need.contact.phone : maskPhone(need.contact.phone),
        }
      : null,
    status: need.status,
    timeline: orderedTimeline(need.timeline),
    ownerId: need.ownerId,
    loggedBy: need.loggedBy,
    loggedAt: need.loggedAt,
    sla: {
      acknowledgeBy: need.sla.acknowledgeBy,
      acknowledgedAt: need.sla.acknowledgedAt,
      escalatedAt: need.sla.escalatedAt,
      state: slaState(need.sla, need.loggedAt, policy, now),
    },
    duplicateReports: need.duplicateReports,
    satisfaction: need.satisfaction,
  };
}
