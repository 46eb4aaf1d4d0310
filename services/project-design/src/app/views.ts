import type { DesignApi } from '@sanshe/contracts';
import type { z } from 'zod';
import type { Project } from '../domain/project';
import type { OpenNeed } from '../adapters/store/repositories';

export function toProjectView(p: Project): z.input<typeof DesignApi.ProjectView> {
  return {
    projectId: p._id,
    title: p.title,
    category: p.category,
    needIds: p.needIds,
    communityCodes: p.communityCodes,
    budgetFen: p.budgetFen,
    fundingMode: p.fundingMode,
    tranches: p.tranches,
    status: p.status,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
  };
}

export function toOpenNeedView(n: OpenNeed): z.input<typeof DesignApi.OpenNeedView> {
  return {
    needId: n.needId,
    caseNumber: n.caseNumber,
    category: n.category,
    communityCode: n.communityCode,
    gridCode: n.gridCode,
    urgency: n.urgency,
    beneficiaryCount: n.beneficiaryCount,
    loggedAt: n.loggedAt,
    projectId: n.projectId,
  };
}
