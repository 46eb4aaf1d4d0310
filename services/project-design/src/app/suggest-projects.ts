import type { DesignApi } from '@sanshe/contracts';
import type { Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { suggestProjects } from '../domain/suggestions';
import { AVAILABLE } from '../adapters/store/open-needs';
import { MAX_NEEDS_PER_PROJECT } from '../settings';
import type { DesignDeps } from './deps';
import { needScope } from './scope';

/** Suggestions over the open, unlinked needs the actor may see (the benchmark runs this at 100,000 needs). */
export async function suggest(
  deps: Pick<DesignDeps, 'openNeeds' | 'reference' | 'clock' | 'settings'>,
  actor: Principal,
  query: z.infer<typeof DesignApi.SuggestionsQuery>,
): Promise<z.input<typeof DesignApi.Suggestions>> {
  const and = [AVAILABLE, ...needScope(actor, query.area), ...(query.category ? [{ category: query.category }] : [])];
  const [needs, unitCosts] = await Promise.all([deps.openNeeds.find({ $and: and }), deps.reference.unitCostMap()]);
  const now = deps.clock.now();
  const minNeeds = query.minNeeds ?? deps.settings.suggestionMinNeeds;
  const result = suggestProjects(needs, {
    level: query.level,
    minNeeds,
    limit: query.limit,
    now,
    maxNeedIds: MAX_NEEDS_PER_PROJECT,
    unitCosts,
  });
  return { generatedAt: now.toISOString(), openNeeds: needs.length, minNeeds, ...result };
}
