import type { Cause } from '@sanshe/platform';
import type { DesignDeps } from './deps';
import { followProject } from './follow-project';

type Deps = Pick<DesignDeps, 'projects' | 'reference' | 'clock' | 'logger'>;
type Fact = { type: string; at: string };

/**
 * Records how a contract ended (`contract.completed` / `contract.terminated`) and completes its
 * project once every contract of the project has ended with at least one completed. A project
 * whose contracts were all terminated stays where it is: what happens to it is an official's
 * decision, not an event's. The end may arrive before the contract's link (another topic): the
 * link's handler calls `completeIfEnded` again.
 */
export async function followContractEnd(
  deps: Deps,
  contractId: string,
  closed: 'completed' | 'terminated',
  fact: Fact,
  cause: Cause,
): Promise<void> {
  const link = await deps.reference.markClosed(contractId, closed);
  if (link?.projectId) await completeIfEnded(deps, link.projectId, fact, cause);
}

/**
 * A venture round's grants are all contracted together from its award, long before any of them
 * completes, so "every linked contract ended" is every grant's contract, not just the first.
 */
export async function completeIfEnded(deps: Deps, projectId: string, fact: Fact, cause: Cause): Promise<void> {
  const project = await deps.projects.get(projectId);
  if (!project || project.contractIds.length === 0) return;
  const ends = await deps.reference.closedOf(project.contractIds);
  if (ends.size < project.contractIds.length || ![...ends.values()].includes('completed')) return;
  await followProject(deps, projectId, 'completed', fact, cause);
}
