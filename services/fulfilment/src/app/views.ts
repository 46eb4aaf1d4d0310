import type { Contract } from '../domain/contract';
import type { ServiceRecordDocument } from '../adapters/store/repositories';

export const toContractView = (c: Contract) => ({
  contractId: c._id,
  source: c.source,
  tenderId: c.tenderId,
  projectId: c.projectId,
  organisationId: c.organisationId,
  organisationName: c.organisationName,
  title: c.title,
  category: c.category,
  needIds: c.needIds,
  valueFen: c.valueFen,
  disbursedFen: c.disbursedFen,
  status: c.status,
  period: c.period,
  revision: c.revision,
  milestones: c.milestones,
  tranches: c.tranches.map((t) => ({ ...t, approvedBy: t.approvedBy ?? null })),
  fulfilledNeedIds: c.fulfilledNeedIds,
  amendments: c.amendments,
  evaluations: c.evaluations,
  remediations: c.remediations,
  termination: c.termination ? { ...c.termination, fault: c.termination.fault ?? null } : null,
  completion: c.completion ?? null,
});

export const toRecordView = (r: ServiceRecordDocument) => ({
  recordId: r._id,
  contractId: r.contractId,
  needId: r.needId,
  deliveredOn: r.deliveredOn,
  hours: r.hours,
  serviceType: r.serviceType,
  place: r.place ?? '',
  notes: r.notes,
  completesNeed: r.completesNeed,
  confirmed: r.confirmed ?? false,
  recordedBy: r.recordedBy,
  recordedAt: r.recordedAt,
});
