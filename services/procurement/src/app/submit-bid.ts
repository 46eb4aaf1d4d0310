import { randomBytes } from 'node:crypto';
import { BidSubmitted, type ProcurementApi } from '@sanshe/contracts';
import {
  conflict,
  createEvent,
  DuplicateKeyError,
  forbidden,
  insertWithEvents,
  newId,
  notFound,
  type Cause,
  type Clock,
  type Principal,
} from '@sanshe/platform';
import type { z } from 'zod';
import { bidCommitment } from '../domain/commitment';
import { isPastDeadline } from '../domain/tender';
import type { BidDocument, Repositories } from '../adapters/store/repositories';
import { SOURCE } from './source';

/**
 * Submits a sealed bid for the caller's own organisation. The deadline is checked
 * against the server clock here, whatever the closing job has or has not done.
 */
export async function submitBid(
  deps: { repos: Repositories; clock: Clock },
  actor: Principal,
  tenderId: string,
  input: z.infer<typeof ProcurementApi.SubmitBidRequest>,
  cause: Cause,
): Promise<BidDocument> {
  const organisationId = actor.organisationId;
  if (!organisationId) throw forbidden('only a user acting for an organisation can bid');
  const [tender, organisation] = await Promise.all([
    deps.repos.tenders.findOne({ _id: tenderId }),
    deps.repos.organisations.findOne({ _id: organisationId }),
  ]);
  if (!tender) throw notFound('PROCUREMENT.TENDER_NOT_FOUND', 'no such tender');
  if (!organisation) throw forbidden('your organisation is not registered');
  if (organisation.status === 'suspended') throw forbidden('your organisation is suspended');
  const now = deps.clock.now();
  if (tender.status !== 'tendering' || isPastDeadline(tender.deadline, now)) {
    throw conflict('PROCUREMENT.TENDER_CLOSED', `bids closed at ${tender.deadline}`);
  }
  const nonce = randomBytes(16).toString('hex');
  const bidId = newId();
  const commitment = bidCommitment(
    { tenderId, organisationId, priceFen: input.priceFen, proposal: input.proposal },
    nonce,
  );
  const submittedAt = now.toISOString();
  const event = createEvent(BidSubmitted, {
    source: SOURCE,
    subject: tenderId,
    now,
    cause,
    data: { tenderId, bidId, organisationId, commitment, submittedAt },
  });
  try {
    const bid = await insertWithEvents(
      deps.repos.bids,
      {
        _id: bidId,
        tenderId,
        organisationId,
        priceFen: input.priceFen,
        proposal: input.proposal,
        nonce,
        commitment,
        submittedAt,
      },
      [event],
    );
    await deps.repos.tenders.updateOne({ _id: tenderId }, { $inc: { bidCount: 1 } });
    return bid;
  } catch (error) {
    if (error instanceof DuplicateKeyError)
      throw conflict('PROCUREMENT.BID_EXISTS', 'your organisation has already bid on this tender');
    throw error;
  }
}
