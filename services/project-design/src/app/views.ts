import type { DesignApi } from '@sanshe/contracts';
import type { z } from 'zod';
import { requestedFen, type Project } from '../domain/project';
import type { Programme } from '../domain/programme';
import type { PolicyVersion } from '../domain/policy';
import type { KnownNeed } from '../adapters/store/open-needs';
import type { UnitCostDocument } from '../adapters/store/reference-data';

export function toProjectView(p: Project & { version: number }): z.input<typeof DesignApi.ProjectView> {
  return {
    projectId: p._id,
    title: p.title,
    category: p.category,
    needIds: p.needIds,
    communityCodes: p.communityCodes,
    streetCodes: p.streetCodes,
    objectives: p.objectives,
    kpis: p.kpis,
    servicePeriod: p.servicePeriod,
    budgetLines: p.budgetLines,
    budgetFen: p.budgetFen,
    fundingMode: p.fundingMode,
    programmeId: p.programmeId,
    matchingFundsFen: p.matchingFundsFen,
    requestedFen: requestedFen(p),
    procurementMethod: p.procurementMethod,
    methodJustification: p.methodJustification,
    eligibility: p.eligibility,
    evaluationCriteria: p.evaluationCriteria,
    tranches: p.tranches,
    status: p.status,
    version: p.version,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    submittedAt: p.submittedAt,
    approvedAt: p.approvedAt,
    approvedBy: p.approvedBy,
    publishedAt: p.publishedAt,
    bidDeadline: p.bidDeadline,
    returnComments: p.returnComments,
    cancelledAt: p.cancelledAt,
    cancelReason: p.cancelReason,
    reservation: p.reservation,
    contractIds: p.contractIds,
  };
}

export function toOpenNeedView(n: KnownNeed): z.input<typeof DesignApi.OpenNeedView> {
  return {
    needId: n.needId,
    caseNumber: n.caseNumber,
    category: n.category,
    communityCode: n.communityCode,
    streetCode: n.streetCode ?? null,
    gridCode: n.gridCode,
    urgency: n.urgency,
    beneficiaryCount: n.beneficiaryCount,
    beneficiaryGroups: n.beneficiaryGroups,
    status: n.status,
    loggedAt: n.loggedAt,
    projectId: n.projectId,
  };
}

export function toProgrammeView(p: Programme): z.input<typeof DesignApi.ProgrammeView> {
  return {
    programmeId: p._id,
    name: p.name,
    funderCode: p.funderCode,
    funderName: p.funderName,
    fiscalYear: p.fiscalYear,
    mode: p.mode,
    budgetFen: p.budgetFen,
    reservedFen: p.reservedFen,
    availableFen: p.availableFen,
    matchingPercent: p.matchingPercent,
    maxGrantFen: p.maxGrantFen,
    areaCodes: p.areaCodes,
    status: p.status,
    reservations: Object.entries(p.reservations)
      .map(([projectId, r]) => ({ projectId, ...r }))
      .sort((a, b) => a.reservedAt.localeCompare(b.reservedAt) || a.projectId.localeCompare(b.projectId)),
    createdAt: p.createdAt,
  };
}

export function toPolicyView(p: PolicyVersion, inForceId: string | null): z.input<typeof DesignApi.PolicyVersionView> {
  return {
    policyId: p._id,
    effectiveFrom: p.effectiveFrom,
    values: p.values,
    note: p.note,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    inForce: p._id === inForceId,
  };
}

export function toUnitCostView(u: UnitCostDocument): z.input<typeof DesignApi.UnitCostView> {
  return {
    category: u._id,
    perBeneficiaryFen: u.perBeneficiaryFen,
    baseFen: u.baseFen,
    lineShares: u.lineShares,
    note: u.note,
    updatedAt: u.updatedAt,
    updatedBy: u.updatedBy,
  };
}
