import { conflict, forbidden, type Principal } from '@sanshe/platform';
import { mayScore } from '../domain/panel';
import type { ProcurementDeps } from './deps';
import { isOfficial } from './access';
import { settleTender } from './settle-tender';
import { loadTender } from './tender-store';

/**
 * The opened bids with their content, for officials and for evaluators who declared no
 * conflict. Before the deadline this is a 409 for everyone; the content could not be
 * read anyway (the keyring will not unwrap the tender's key before then).
 */
export async function openedBids(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings' | 'keyring'>,
  actor: Principal,
  tenderId: string,
  correlationId: string,
) {
  const tender =
    (await settleTender(deps, tenderId, { correlationId, causationId: null })) ?? (await loadTender(deps, tenderId));
  if (!isOfficial(actor)) {
    const member = tender.panel.members.find((m) => m.evaluatorId === actor.sub);
    if (!member || !actor.roles.includes('evaluator')) throw forbidden('only officials and the panel read bids');
    if (tender.closedAt !== null && !mayScore(member))
      throw forbidden(
        member.declaration ? 'you are recused for a conflict of interest' : 'declare your interests first',
      );
  }
  if (tender.closedAt === null) throw conflict('PROCUREMENT.BID_SEALED', `bids stay sealed until ${tender.deadline}`);
  const docs = new Map((await deps.repos.bids.find({ tenderId })).map((b) => [b._id, b]));
  return tender.openedBids.map((b) => {
    const doc = docs.get(b.bidId);
    return {
      bidId: b.bidId,
      organisationId: b.organisationId,
      organisationName: b.organisationName,
      priceFen: b.priceFen,
      proposal: doc?.opened?.proposal ?? '',
      commitment: b.commitment,
      nonce: doc?.opened?.nonce ?? '',
      revision: b.revision,
      submittedAt: b.submittedAt,
      qualification: {
        status: b.qualification,
        checks: b.checks,
        reason: b.reason,
        decidedBy: b.decidedBy,
        decidedAt: b.decidedAt,
      },
    };
  });
}
