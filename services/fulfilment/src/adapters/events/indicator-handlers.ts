import {
  AreaChanged,
  NeedClosed,
  NeedFulfilled,
  NeedLogged,
  NeedResolved,
  SocialWorkersChanged,
} from '@sanshe/contracts';
import type { EventHandler } from '@sanshe/platform';
import type { FulfilmentDeps } from '../../app/deps';
import { indicatorsProjection as ind } from '../../app/indicators-projection';

/** The policy indicators follow the area registry, the rosters and the life of needs. */
export function indicatorHandlers(deps: FulfilmentDeps): Record<string, EventHandler> {
  return {
    [AreaChanged.type]: (raw) => ind.areaChanged(deps, AreaChanged.envelope.parse(raw).data),
    [SocialWorkersChanged.type]: (raw) => ind.socialWorkersChanged(deps, SocialWorkersChanged.envelope.parse(raw).data),
    [NeedLogged.type]: (raw) => ind.needLogged(deps, NeedLogged.envelope.parse(raw).data),
    [NeedResolved.type]: (raw) => ind.needResolved(deps, NeedResolved.envelope.parse(raw).data),
    [NeedFulfilled.type]: (raw) => ind.needFulfilled(deps, NeedFulfilled.envelope.parse(raw).data),
    [NeedClosed.type]: (raw) => ind.needClosed(deps, NeedClosed.envelope.parse(raw).data),
  };
}
