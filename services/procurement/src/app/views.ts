import type { BidDocument, OrganisationDocument, TenderDocument } from '../adapters/store/repositories';

export const toOrganisationView = (o: OrganisationDocument) => ({
  organisationId: o._id,
  uscc: o.uscc,
  name: o.name,
  kind: o.kind,
  categories: o.categories,
  registeredOn: o.registeredOn,
  status: o.status,
});

export const toTenderView = (t: TenderDocument) => ({
  tenderId: t._id,
  projectId: t.projectId,
  title: t.title,
  category: t.category,
  budgetFen: t.budgetFen,
  deadline: t.deadline,
  status: t.status,
  bidCount: t.bidCount,
  awardedBidId: t.awardedBidId,
});

/** What the bidder gets back: never the nonce or the content, only proof of what was sealed. */
export const toBidReceipt = (b: BidDocument) => ({
  bidId: b._id,
  tenderId: b.tenderId,
  organisationId: b.organisationId,
  submittedAt: b.submittedAt,
  commitment: b.commitment,
});
