import { RESERVED_STATES } from '../domain/project';
import type { DesignDeps } from './deps';

/**
 * The check scheduled before every change that spans documents. It releases what a
 * crash between the writes would leave held: needs claimed for a project that does not
 * list them (or does not exist, or was cancelled), and budget reserved for a project
 * that is not approved. Anything younger than the grace period is an operation still
 * in flight and is left alone. Idempotent.
 */
export async function reconcileProject(deps: DesignDeps, projectId: string): Promise<{ needs: number; fen: number }> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const settled = (since: string | null) =>
    since === null || now.getTime() - new Date(since).getTime() >= deps.settings.reconcileGraceSeconds * 1000;
  const project = await deps.projects.get(projectId);
  const live = project !== null && project.status !== 'cancelled' ? project : null;
  const cancelled = project?.status === 'cancelled';
  const meta = { at, by: 'reconcile', reason: live ? 'not held by the project' : 'project cancelled or never stored' };

  let needs = 0;
  for (const claim of await deps.openNeeds.linkedTo(projectId)) {
    const kept = live !== null && live.needIds.includes(claim._id);
    if (!kept && (cancelled || settled(claim.claimedAt))) {
      needs += (await deps.openNeeds.release(claim._id, projectId)).modified;
    }
  }
  let fen = 0;
  for (const programme of await deps.programmes.holding(projectId)) {
    const kept =
      live !== null && RESERVED_STATES.includes(live.status) && live.reservation?.programmeId === programme._id;
    if (!kept && (cancelled || settled(programme.reservations[projectId]?.reservedAt ?? null))) {
      fen += await deps.programmes.release(programme._id, projectId, meta);
    }
  }
  if (needs > 0 || fen > 0)
    deps.logger.warn({ projectId, needs, fen }, 'reconcile released what a project no longer holds');
  return { needs, fen };
}
