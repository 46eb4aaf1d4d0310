import { conflict, forbidden, newId, notFound, type Principal } from '@sanshe/platform';
import { isPastDeadline } from '../domain/tender';
import type { EnquiryDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { actingOrganisation, isOfficial } from './access';
import { loadTender } from './tender-store';

/** A bidder asks during the enquiry period; the question is published without naming who asked. */
export async function askEnquiry(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  tenderId: string,
  question: string,
): Promise<EnquiryDocument> {
  const organisationId = actingOrganisation(actor);
  const tender = await loadTender(deps, tenderId);
  const now = deps.clock.now();
  if (tender.status !== 'tendering' || isPastDeadline(tender.enquiryPeriodEnd, now))
    throw conflict('PROCUREMENT.ENQUIRIES_CLOSED', `enquiries closed at ${tender.enquiryPeriodEnd}`);
  const enquiry: EnquiryDocument = {
    _id: newId(),
    tenderId,
    askerOrganisationId: organisationId,
    question,
    askedAt: now.toISOString(),
    answer: null,
    answeredAt: null,
    answeredBy: null,
  };
  await deps.repos.enquiries.insertOne(enquiry);
  return enquiry;
}

/** The buyer answers, until the bid deadline; the answer is published to everyone. */
export async function answerEnquiry(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  tenderId: string,
  enquiryId: string,
  answer: string,
): Promise<EnquiryDocument> {
  const tender = await loadTender(deps, tenderId);
  const now = deps.clock.now();
  if (tender.status !== 'tendering' || isPastDeadline(tender.deadline, now))
    throw conflict('PROCUREMENT.TENDER_CLOSED', 'answers are given before the bid deadline');
  const updated = await deps.repos.enquiries.findOneAndUpdate(
    { _id: enquiryId, tenderId, answer: null },
    { $set: { answer, answeredAt: now.toISOString(), answeredBy: actor.sub } },
    { returnDocument: 'after' },
  );
  if (!updated) {
    const exists = await deps.repos.enquiries.findOne({ _id: enquiryId, tenderId });
    if (!exists) throw notFound('PROCUREMENT.ENQUIRY_NOT_FOUND', 'no such enquiry');
    throw conflict('PROCUREMENT.ALREADY_ANSWERED', 'this enquiry is already answered');
  }
  return updated;
}

/**
 * Everyone sees the answered enquiries; officials also see the open questions they have
 * to answer; an organisation also sees its own open questions. Nobody sees who asked.
 */
export async function listEnquiries(deps: Pick<ProcurementDeps, 'repos'>, actor: Principal, tenderId: string) {
  await loadTender(deps, tenderId);
  const all = await deps.repos.enquiries.find({ tenderId }, { sort: { askedAt: 1 } });
  const own = actor.roles.includes('org_user') ? actor.organisationId : null;
  return all
    .filter((e) => e.answer !== null || isOfficial(actor) || (own !== null && e.askerOrganisationId === own))
    .map((e) => ({ enquiry: e, mine: own !== null && e.askerOrganisationId === own }));
}

export const mustBeOfficial = (actor: Principal) => {
  if (!isOfficial(actor)) throw forbidden();
};
