import { conflict, DuplicateKeyError, forbidden, keyedId, notFound, type Principal } from '@sanshe/platform';
import { isPastDeadline } from '../domain/tender';
import type { EnquiryDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { actingOrganisation, isOfficial } from './access';
import { loadTender } from './tender-store';

/**
 * A bidder asks during the enquiry period; the question is published without naming who asked.
 * With the request's Idempotency-Key record, a try run again finds the question the first one asked.
 */
export async function askEnquiry(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  tenderId: string,
  question: string,
  idempotencyKey: string | null = null,
): Promise<EnquiryDocument> {
  const organisationId = actingOrganisation(actor);
  const enquiryId = keyedId(idempotencyKey, 'enquiry');
  const asked = idempotencyKey ? await deps.repos.enquiries.findOne({ _id: enquiryId }) : null;
  if (asked) return asked;
  const tender = await loadTender(deps, tenderId);
  const now = deps.clock.now();
  if (tender.status !== 'tendering' || isPastDeadline(tender.enquiryPeriodEnd, now))
    throw conflict('PROCUREMENT.ENQUIRIES_CLOSED', `enquiries closed at ${tender.enquiryPeriodEnd}`);
  const enquiry: EnquiryDocument = {
    _id: enquiryId,
    tenderId,
    askerOrganisationId: organisationId,
    question,
    askedAt: now.toISOString(),
    answer: null,
    answeredAt: null,
    answeredBy: null,
  };
  try {
    await deps.repos.enquiries.insertOne(enquiry);
  } catch (error) {
    const raced =
      idempotencyKey && error instanceof DuplicateKeyError
        ? await deps.repos.enquiries.findOne({ _id: enquiryId })
        : null;
    if (!raced) throw error;
    return raced;
  }
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
