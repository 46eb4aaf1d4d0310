import type { Contract } from '../domain/contract';
import type { ServiceRecordDocument } from '../adapters/store/repositories';

export const toContractView = (c: Contract) => ({
  contractId: c._id,
  tenderId: c.tenderId,
  projectId: c.projectId,
  organisationId: c.organisationId,
  organisationName: c.organisationName,
  title: c.title,
  needIds: c.needIds,
  valueFen: c.valueFen,
  disbursedFen: c.disbursedFen,
  status: c.status,
  milestones: c.milestones,
  tranches: c.tranches,
  fulfilledNeedIds: c.fulfilledNeedIds,
});

export const toRecordView = (r: ServiceRecordDocument) => ({
  recordId: r._id,
  contractId: r.contractId,
  needId: r.needId,
  deliveredOn: r.deliveredOn,
  hours: r.hours,
  serviceType: r.serviceType,
  recordedBy: r.recordedBy,
});
