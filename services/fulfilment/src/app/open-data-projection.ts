import type { EventData, OrganisationRegistered, ProjectPublished, RoundAwarded } from '@sanshe/contracts';
import type { FulfilmentDeps } from './deps';

type Deps = Pick<FulfilmentDeps, 'repos'>;

/**
 * Facts the open-data exports need and the contract documents do not hold: a recipient's
 * USCC, a round's title and award date, a project's objectives and communities. Each is a
 * `$set` upsert keyed by the aggregate's id, so a redelivered event changes nothing.
 */
export const openDataProjection = {
  async organisationRegistered(deps: Deps, d: EventData<typeof OrganisationRegistered>) {
    await deps.repos.openData.organisations.updateOne(
      { _id: d.organisationId },
      { $set: { uscc: d.uscc, name: d.name, kind: d.kind } },
      { upsert: true },
    );
  },

  async roundAwarded(deps: Deps, d: EventData<typeof RoundAwarded>) {
    await deps.repos.openData.rounds.updateOne(
      { _id: d.roundId },
      { $set: { title: d.title, programmeId: d.programmeId, awardedAt: d.awardedAt } },
      { upsert: true },
    );
  },

  async projectPublished(deps: Deps, d: EventData<typeof ProjectPublished>) {
    await deps.repos.openData.projects.updateOne(
      { _id: d.projectId },
      {
        $set: {
          title: d.title,
          category: d.category,
          programmeId: d.programmeId ?? null,
          objectives: d.objectives ?? [],
          communityCodes: d.communityCodes,
        },
      },
      { upsert: true },
    );
  },
};
