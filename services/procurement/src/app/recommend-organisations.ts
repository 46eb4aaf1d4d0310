import type { Principal } from '@sanshe/platform';
import { assess, type Performance, type Recommendation } from '../domain/recommend';
import type { ProcurementDeps } from './deps';
import { allRatings } from './ratings';
import { loadTender } from './tender-store';

/**
 * The organisations worth inviting to a tender, best first, each with the reasons;
 * those that could not take part are listed apart with why.
 */
export async function recommendOrganisations(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  _actor: Principal,
  tenderId: string,
) {
  const tender = await loadTender(deps, tenderId);
  const [orgs, links, { ratings, terminated }] = await Promise.all([
    deps.repos.organisations.find({}, { limit: 5000 }),
    deps.repos.contracts.find({}, { limit: 50_000 }),
    allRatings(deps),
  ]);
  const performance = new Map<string, Performance>();
  for (const l of links) {
    const p = performance.get(l.organisationId) ?? {
      contracts: 0,
      activeContracts: 0,
      completedContracts: 0,
      milestonesAccepted: 0,
      needsFulfilled: 0,
    };
    // A terminated contract no longer takes up capacity.
    const running = !l.completed && !terminated.has(l._id);
    performance.set(l.organisationId, {
      contracts: p.contracts + 1,
      activeContracts: p.activeContracts + (running ? 1 : 0),
      completedContracts: p.completedContracts + (l.completed ? 1 : 0),
      milestonesAccepted: p.milestonesAccepted + l.milestonesAccepted.length,
      needsFulfilled: p.needsFulfilled + l.needsFulfilled.length,
    });
  }
  const now = deps.clock.now();
  const items: Recommendation[] = [];
  const excluded: Array<{ organisationId: string; name: string; reasons: string[] }> = [];
  for (const org of orgs) {
    const result = assess(
      {
        ...org,
        organisationId: org._id,
        performance: performance.get(org._id) ?? null,
        rating: ratings.get(org._id) ?? null,
      },
      tender,
      now,
    );
    if ('excluded' in result) excluded.push({ organisationId: org._id, name: org.name, reasons: result.excluded });
    else items.push(result.recommendation);
  }
  items.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  return { tenderId, items: items.map((r, i) => ({ rank: i + 1, ...r })), excluded };
}
