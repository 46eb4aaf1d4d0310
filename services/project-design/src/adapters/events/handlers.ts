import { NeedLogged, NeedResolved, NeedWithdrawn } from '@sanshe/contracts';
import type { EventHandler } from '@sanshe/platform';
import type { Repositories } from '../store/repositories';

/**
 * Keeps the open-needs read model from intake's events. The upsert never touches
 * projectId, so a redelivered need.logged cannot unlink a need from its project.
 */
export function createHandlers(repos: Repositories): Record<string, EventHandler> {
  return {
    [NeedLogged.type]: async (raw) => {
      const { data } = NeedLogged.envelope.parse(raw);
      await repos.openNeeds.updateOne(
        { _id: data.needId },
        {
          $set: {
            needId: data.needId,
            caseNumber: data.caseNumber,
            category: data.category,
            communityCode: data.communityCode,
            gridCode: data.gridCode,
            urgency: data.urgency,
            beneficiaryCount: data.beneficiaryCount,
            loggedAt: data.loggedAt,
          },
          $setOnInsert: { projectId: null, closed: false },
        },
        { upsert: true },
      );
    },
    // A need handled without a project (resolved, referred, withdrawn) is no longer offered for one.
    [NeedResolved.type]: async (raw) => {
      const { data } = NeedResolved.envelope.parse(raw);
      await repos.openNeeds.updateOne({ _id: data.needId }, { $set: { closed: true } }, { upsert: true });
    },
    [NeedWithdrawn.type]: async (raw) => {
      const { data } = NeedWithdrawn.envelope.parse(raw);
      await repos.openNeeds.updateOne({ _id: data.needId }, { $set: { closed: true } }, { upsert: true });
    },
  };
}
