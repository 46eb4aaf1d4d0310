import { ProjectStatusChanged } from '@sanshe/contracts';
import { conflict, createEvent, type Cause } from '@sanshe/platform';
import { followedMove, type FollowedStatus } from '../domain/project';
import type { DesignDeps } from './deps';
import { SOURCE } from './source';

/**
 * Moves a published project along what procurement and fulfilment report (in
 * procurement, contracted, in delivery). Safe to run twice and in any order: a step
 * already passed changes nothing; a contract id is recorded once.
 */
export async function followProject(
  deps: Pick<DesignDeps, 'projects' | 'clock' | 'logger'>,
  projectId: string,
  to: FollowedStatus,
  fact: { type: string; at: string; contractId?: string },
  cause: Cause,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const project = await deps.projects.get(projectId);
    if (!project) {
      // Not ours (e.g. a project of another deployment sharing the topics): acknowledge and move on.
      deps.logger.warn({ projectId, to, fact: fact.type }, 'progress for an unknown project ignored');
      return;
    }
    const move = followedMove(project.status, to);
    const newContract = fact.contractId !== undefined && !project.contractIds.includes(fact.contractId);
    if (move === 'unchanged' && !newContract) return;
    if (move === 'unchanged' && project.status === 'cancelled') {
      deps.logger.warn(
        { projectId, fact: fact.type },
        'a cancelled project was contracted downstream; needs attention',
      );
    }
    const events =
      move === 'advance'
        ? [
            createEvent(ProjectStatusChanged, {
              source: SOURCE,
              subject: project._id,
              now: deps.clock.now(),
              cause,
              data: { projectId: project._id, from: project.status, to, reason: fact.type, changedAt: fact.at },
            }),
          ]
        : [];
    const updated = await deps.projects.update(
      project,
      {
        ...(move === 'advance' ? { status: to } : {}),
        ...(newContract ? { contractIds: [...project.contractIds, fact.contractId as string] } : {}),
      },
      {
        at: deps.clock.now().toISOString(),
        by: `event:${fact.type}`,
        action: move === 'advance' ? 'followed' : 'contract-linked',
        ...(move === 'advance' ? { from: project.status, to } : {}),
        comment: fact.contractId ? `contract ${fact.contractId}` : fact.type,
      },
      events,
    );
    if (updated) return;
  }
  // Retried by the bus, then dead-lettered: better than a lost step.
  throw conflict('DESIGN.CONCURRENT_UPDATE', `project ${projectId} kept changing while recording ${to}`);
}
