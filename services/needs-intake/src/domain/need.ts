import type { NeedStatus, Urgency } from '@sanshe/contracts';

export interface TimelineEntry {
  status: NeedStatus;
  at: string;
  cause: string;
}

export interface Need {
  _id: string;
  caseNumber: string;
  category: string;
  communityCode: string;
  gridCode: string;
  urgency: Urgency;
  beneficiaryCount: number;
  description: string;
  status: NeedStatus;
  timeline: TimelineEntry[];
  loggedBy: string;
  loggedAt: string;
}

/** Downstream progress only moves forward; a late event can fill its step in, never move the status back. */
const RANK: Record<NeedStatus, number> = { logged: 0, in_project: 1, contracted: 2, in_service: 3, fulfilled: 4 };

export type Progress =
  | { kind: 'advance'; from: NeedStatus; to: NeedStatus; entry: TimelineEntry }
  | { kind: 'backfill'; entry: TimelineEntry }
  | { kind: 'unchanged' };

/**
 * What a downstream milestone does to a need. Events of different topics may
 * arrive out of order, so a step that is already passed is still recorded in the
 * timeline (backfill) but does not change the status.
 */
export function progress(need: Pick<Need, 'status' | 'timeline'>, to: NeedStatus, at: string, cause: string): Progress {
  if (need.timeline.some((e) => e.status === to)) return { kind: 'unchanged' };
  const entry = { status: to, at, cause };
  if (RANK[to] > RANK[need.status]) return { kind: 'advance', from: need.status, to, entry };
  return { kind: 'backfill', entry };
}

export function orderedTimeline(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  return [...timeline].sort((a, b) => RANK[a.status] - RANK[b.status]);
}
