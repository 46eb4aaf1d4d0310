import { OrganisationReinstated } from '@sanshe/contracts';
import { conflict, createEvent, notFound, updateWithEvents, type Cause, type Principal } from '@sanshe/platform';
import type { OrganisationDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { concurrentUpdate, retrying } from './retry';
import { SOURCE } from './source';

/** Lifts a sanction before its end, with the reason (kept beside the sanction). */
export function liftSanction(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  organisationId: string,
  sanctionId: string,
  reason: string,
  cause: Cause,
): Promise<OrganisationDocument> {
  return retrying(async () => {
    const org = await deps.repos.organisations.findOne({ _id: organisationId });
    const sanction = org?.sanctions.find((s) => s.sanctionId === sanctionId);
    if (!org || !sanction) throw notFound('PROCUREMENT.SANCTION_NOT_FOUND', 'no such sanction');
    if (sanction.liftedAt) throw conflict('PROCUREMENT.SANCTION_LIFTED', `lifted on ${sanction.liftedAt}`);
    const now = deps.clock.now();
    const at = now.toISOString();
    const sanctions = org.sanctions.map((s) =>
      s.sanctionId === sanctionId ? { ...s, liftedAt: at, liftedBy: actor.sub, liftReason: reason } : s,
    );
    const updated = await updateWithEvents(
      deps.repos.organisations,
      { _id: org._id, version: org.version },
      {
        $set: { sanctions },
        $push: { audit: { at, by: actor.sub, action: 'sanction_lifted', detail: `${sanction.kind}: ${reason}` } },
      },
      [
        createEvent(OrganisationReinstated, {
          source: SOURCE,
          subject: org._id,
          now,
          cause,
          data: { organisationId, sanctionId, reason, reinstatedBy: actor.sub, reinstatedAt: at },
        }),
      ],
    );
    if (!updated) throw concurrentUpdate();
    return updated;
  });
}
