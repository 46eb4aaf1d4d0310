import { randomBytes } from 'node:crypto';
import { BidSubmitted, type ProcurementApi } from '@sanshe/contracts';
import {
  conflict,
  createEvent,
  DuplicateKeyError,
  forbidden,
  insertWithEvents,
  keyedId,
  updateWithEvents,
  type Cause,
  type Principal,
} from '@sanshe/platform';
import type { z } from 'zod';
import { bidCommitment } from '../domain/commitment';
import { standing } from '../domain/organisation';
import { seal } from '../domain/sealing';
import { isPastDeadline } from '../domain/tender';
import type { BidDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { actingOrganisation } from './access';
import { concurrentUpdate, retrying } from './retry';
import { bidAad } from './settle-tender';
import { SOURCE } from './source';
import { checkInBidChange, loadTender } from './tender-store';

/**
 * Submits, or revises, the sealed bid of the caller's own organisation. The content is
 * sealed with the tender's public key before it is stored, so the server keeps nothing
 * it could read before the deadline; the bidder gets the commitment as a receipt. A
 * revision gets a new commitment and the earlier ones stay in the bid's history. The
 * deadline is checked against the server clock here, whatever the closing job has done.
 */
export function submitBid(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'keyring'>,
  actor: Principal,
  tenderId: string,
  input: z.infer<typeof ProcurementApi.SubmitBidRequest>,
  cause: Cause,
  /** The request's Idempotency-Key record: a try run again finds the revision the first one wrote. */
  idempotencyKey: string | null = null,
): Promise<{ bid: BidDocument; created: boolean }> {
  return retrying(async () => {
    const organisationId = actingOrganisation(actor);
    const [tender, organisation] = await Promise.all([
      loadTender(deps, tenderId),
      deps.repos.organisations.findOne({ _id: organisationId }),
    ]);
    if (!organisation) throw forbidden('your organisation is not registered');
    const existing = await deps.repos.bids.findOne({ tenderId, organisationId });
    // Written by an earlier try of this request (its answer lost): that is the answer, whatever the time now.
    if (existing && idempotencyKey && existing.lastRequestKey === idempotencyKey)
      return { bid: existing, created: existing.revision === 1 };
    const now = deps.clock.now();
    const closed = () => conflict('PROCUREMENT.TENDER_CLOSED', `bids closed at ${tender.deadline}`);
    if (tender.status !== 'tendering' || isPastDeadline(tender.deadline, now)) throw closed();
    const state = standing(organisation, now);
    if (state !== 'verified')
      throw forbidden(
        state === 'registered' ? 'your organisation is not yet verified' : `your organisation is ${state}`,
      );

    const bidId = existing?._id ?? keyedId(idempotencyKey, 'bid');
    const revision = (existing?.revision ?? 0) + 1;
    const nonce = randomBytes(16).toString('hex');
    const commitment = bidCommitment(
      { tenderId, organisationId, priceFen: input.priceFen, proposal: input.proposal },
      nonce,
    );
    const publicKey = await deps.keyring.publicKey(tenderId, tender.deadline);
    const plaintext = Buffer.from(
      JSON.stringify({ priceFen: input.priceFen, proposal: input.proposal, nonce }),
      'utf8',
    );
    const sealed = seal(publicKey, plaintext, bidAad({ _id: bidId, tenderId, organisationId }));
    const at = now.toISOString();
    const history = [
      ...(existing?.commitmentHistory ?? []).map((h) => ({ ...h, superseded: true })),
      { commitment, revision, at, superseded: false },
    ];
    const event = createEvent(BidSubmitted, {
      source: SOURCE,
      subject: tenderId,
      now,
      cause,
      data: { tenderId, bidId, organisationId, commitment, submittedAt: at, revision },
    });
    if (existing) {
      const updated = await updateWithEvents(
        deps.repos.bids,
        { _id: existing._id, version: existing.version },
        {
          $set: {
            status: 'submitted',
            revision,
            sealed,
            commitment,
            commitmentHistory: history,
            updatedAt: at,
            withdrawnAt: null,
            lastRequestKey: idempotencyKey,
          },
        },
        [event],
      );
      if (!updated) throw concurrentUpdate();
      if (!(await checkInBidChange(deps, tenderId))) {
        const { status, revision: r, sealed: s, commitment: c, commitmentHistory, updatedAt, withdrawnAt } = existing;
        await deps.repos.bids.updateOne(
          { _id: existing._id },
          {
            $set: {
              status,
              revision: r,
              sealed: s,
              commitment: c,
              commitmentHistory,
              updatedAt,
              withdrawnAt,
              lastRequestKey: existing.lastRequestKey ?? null,
            },
            $pull: { outbox: { id: event.id } },
          },
        );
        throw closed();
      }
      return { bid: updated, created: false };
    }
    try {
      const bid = await insertWithEvents<BidDocument>(
        deps.repos.bids,
        {
          _id: bidId,
          tenderId,
          organisationId,
          status: 'submitted',
          revision,
          sealed,
          commitment,
          commitmentHistory: history,
          submittedAt: at,
          updatedAt: at,
          withdrawnAt: null,
          opened: null,
          lastRequestKey: idempotencyKey,
        },
        [event],
      );
      if (!(await checkInBidChange(deps, tenderId))) {
        await deps.repos.bids.deleteOne({ _id: bidId });
        throw closed();
      }
      return { bid, created: true };
    } catch (error) {
      // A simultaneous first bid of the same organisation: go again as a revision.
      if (error instanceof DuplicateKeyError) throw concurrentUpdate();
      throw error;
    }
  });
}
