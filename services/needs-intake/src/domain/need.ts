import {
  NEED_LIFE_ORDER,
  type BeneficiaryGroup,
  type NeedChannel,
  type NeedStatus,
  type Urgency,
} from '@sanshe/contracts';

export interface TimelineEntry {
  status: NeedStatus;
  at: string;
  cause: string;
  note?: string;
  /** A project step undone because the project was cancelled or the need unlinked; kept as history. */
  superseded?: boolean;
}

export interface OwnerChange {
  from: string;
  to: string;
  reason: string;
  at: string;
}

export interface SlaRecord {
  acknowledgeBy: string;
  acknowledgedAt: string | null;
  /** Set when acknowledged (or first handled): was it within the deadline? */
  met: boolean | null;
  remindedAt: string | null;
  escalatedAt: string | null;
}

export interface Need {
  _id: string;
  caseNumber: string;
  channel: NeedChannel;
  category: string;
  attributes: Record<string, string | number | string[]>;
  /** district, street, community, grid: who may see it and where it is counted. */
  areaPath: [string, string, string, string];
  districtCode: string;
  streetCode: string;
  communityCode: string;
  gridCode: string;
  urgency: Urgency;
  beneficiaryCount: number;
  beneficiaryGroups: BeneficiaryGroup[];
  description: string;
  contact: { name: string; phone: string; consentAt: string } | null;
  /** Keyed hash of the resident ID number (never the number): finds the same resident's needs. */
  residentKey: string | null;
  status: NeedStatus;
  timeline: TimelineEntry[];
  ownerId: string;
  ownerHistory: OwnerChange[];
  loggedBy: string;
  loggedAt: string;
  sla: SlaRecord;
  resolution: { how: 'resolved_directly' | 'referred'; referredTo: string | null; outcome: string } | null;
  satisfaction: number | null;
  duplicateReports: number;
  /** Idempotency keys of the requests linked as duplicate reports: a try run again links once. */
  linkedRequests?: string[];
  closedAt: string | null;
}

/** Statuses in which a need is still open (counts for duplicates, lists and SLA). */
export const OPEN_STATUSES: readonly NeedStatus[] = [
  'logged',
  'acknowledged',
  'in_project',
  'contracted',
  'in_service',
];
const TERMINAL: readonly NeedStatus[] = ['withdrawn', 'closed'];

export type NeedCommand = 'acknowledge' | 'reassign' | 'resolve' | 'withdraw' | 'close';

/** Where each command may start from; anything else is a 409 with the reason. */
const ALLOWED_FROM: Record<NeedCommand, readonly NeedStatus[]> = {
  acknowledge: ['logged'],
  reassign: ['logged', 'acknowledged', 'in_project', 'contracted', 'in_service', 'fulfilled', 'resolved', 'referred'],
  resolve: ['logged', 'acknowledged'],
  withdraw: ['logged', 'acknowledged'],
  close: ['resolved', 'referred', 'fulfilled'],
};

const EXPLANATION: Record<NeedCommand, string> = {
  acknowledge: 'only a newly logged need can be acknowledged',
  reassign: 'a withdrawn or closed need has no owner to hand over',
  resolve: 'a need already taken into a project, or finished, cannot be resolved directly',
  withdraw: 'a need can be withdrawn only before it is taken into a project',
  close: 'a need is closed only after it is resolved, referred or fulfilled',
};

export function commandProblem(status: NeedStatus, command: NeedCommand): string | null {
  if (ALLOWED_FROM[command].includes(status)) return null;
  return `${EXPLANATION[command]} (it is ${status})`;
}

export function isTerminal(status: NeedStatus): boolean {
  return TERMINAL.includes(status);
}

/** The project track; downstream progress only moves forward along it. */
const TRACK_RANK: Partial<Record<NeedStatus, number>> = {
  logged: 0,
  acknowledged: 1,
  in_project: 2,
  contracted: 3,
  in_service: 4,
  fulfilled: 5,
};

export type Progress =
  | { kind: 'advance'; from: NeedStatus; to: NeedStatus; entry: TimelineEntry }
  | { kind: 'backfill'; entry: TimelineEntry }
  | { kind: 'unchanged' };

/**
 * What a downstream milestone (in project, contracted, in service, fulfilled) does to
 * a need. Events of different topics may arrive out of order, so a step already
 * passed is still recorded in the timeline (backfill) without moving the status back;
 * a need that left the project track (closed after fulfilment) keeps its status.
 */
export function progress(need: Pick<Need, 'status' | 'timeline'>, to: NeedStatus, at: string, cause: string): Progress {
  const live = need.timeline.filter((e) => !e.superseded);
  if (live.some((e) => e.status === to)) return { kind: 'unchanged' };
  const entry = { status: to, at, cause };
  const current = TRACK_RANK[need.status];
  const target = TRACK_RANK[to];
  if (target === undefined) return { kind: 'unchanged' };
  if (current !== undefined && target > current) return { kind: 'advance', from: need.status, to, entry };
  const onTrack = live.some((e) => e.status === 'in_project');
  return onTrack || current !== undefined ? { kind: 'backfill', entry } : { kind: 'unchanged' };
}

const PROJECT_STEPS: readonly NeedStatus[] = ['in_project', 'contracted', 'in_service'];

export type Release =
  { kind: 'release'; from: NeedStatus; to: NeedStatus; timeline: TimelineEntry[] } | { kind: 'unchanged' };

/**
 * The need's project was cancelled (or the need unlinked from it) before fulfilment:
 * it goes back to staff as acknowledged (it had its first response), the project
 * steps stay on the timeline marked superseded, and a new project may take it again.
 */
export function releaseFromProject(
  need: Pick<Need, 'status' | 'timeline'>,
  at: string,
  cause: string,
  note: string,
): Release {
  if (!PROJECT_STEPS.includes(need.status)) return { kind: 'unchanged' };
  const timeline = need.timeline.map((e) =>
    PROJECT_STEPS.includes(e.status) && !e.superseded ? { ...e, superseded: true } : e,
  );
  return {
    kind: 'release',
    from: need.status,
    to: 'acknowledged',
    timeline: [...timeline, { status: 'acknowledged', at, cause, note }],
  };
}

/**
 * The timeline in the order things happened. Late events carry their own time, so
 * sorting by time puts a backfilled step where it belongs. Steps of the same instant
 * (a service record that also fulfils the need) follow the life of a need.
 */
export function orderedTimeline(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  return [...timeline].sort(
    (a, b) => a.at.localeCompare(b.at) || NEED_LIFE_ORDER[a.status] - NEED_LIFE_ORDER[b.status],
  );
}
