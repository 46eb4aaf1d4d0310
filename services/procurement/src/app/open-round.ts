import { RoundOpened, type EventData, type ProcurementApi, type ProjectPublished } from '@sanshe/contracts';
import {
  createEvent,
  DuplicateKeyError,
  insertWithEvents,
  keyedId,
  newId,
  unprocessable,
  type Cause,
} from '@sanshe/platform';
import type { z } from 'zod';
import { emptyPanel } from '../domain/panel';
import { policyAt } from '../domain/policy';
import type { RoundDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { CLOSE_ROUND_JOB, SOURCE } from './source';

/** An official or funder opens a venture-funding round (公益创投) with its call, criteria and rules. */
export async function openRound(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings'>,
  openedBy: string,
  input: z.infer<typeof ProcurementApi.OpenRoundRequest>,
  cause: Cause,
  /** A round opened from a project takes the project's id as its own: a redelivered event finds it there. */
  project: { projectId: string } | null = null,
  /** The request's Idempotency-Key record: a try run again finds the round the first one opened. */
  idempotencyKey: string | null = null,
): Promise<RoundDocument> {
  if (project) {
    const existing = await deps.repos.rounds.findOne({ _id: project.projectId });
    // A redelivered event: the first delivery may have stopped before scheduling the closing.
    if (existing) return scheduleClosing(deps, existing);
  }
  const keyed = !project && idempotencyKey ? keyedId(idempotencyKey, 'round') : null;
  if (keyed) {
    const existing = await deps.repos.rounds.findOne({ _id: keyed });
    // The first try may have stopped before scheduling the closing (one job per round id).
    if (existing) return scheduleClosing(deps, existing);
  }
  const now = deps.clock.now();
  if (new Date(input.deadline).getTime() <= now.getTime())
    throw unprocessable('PROCUREMENT.DEADLINE_PAST', 'the deadline must be in the future', [
      { field: 'deadline', reason: 'not in the future' },
    ]);
  if (input.maxGrantFen !== null && input.maxGrantFen > input.budgetFen)
    throw unprocessable('PROCUREMENT.MAX_GRANT_TOO_HIGH', 'a grant cannot exceed the budget', [
      { field: 'maxGrantFen', reason: 'above budgetFen' },
    ]);
  const policy = policyAt(deps.settings.policies, now);
  const roundId = project?.projectId ?? keyed ?? newId();
  const deadline = new Date(input.deadline).toISOString();
  const doc: Omit<RoundDocument, 'outbox' | 'version'> = {
    _id: roundId,
    title: input.title,
    description: input.description,
    categories: input.categories,
    budgetFen: input.budgetFen,
    maxGrantFen: input.maxGrantFen,
    deadline,
    criteria: input.criteria,
    matchingBonus: input.matchingBonus,
    minScore: input.minScore,
    eligibleKinds: input.eligibleKinds,
    programmeId: input.programmeId,
    projectId: project?.projectId ?? null,
    minEvaluators: policy.minEvaluators,
    outlierRule: { standardDeviations: policy.outlierStandardDeviations, gapPoints: policy.outlierGapPoints },
    status: 'open',
    openedAt: now.toISOString(),
    openedBy,
    closedAt: null,
    applicationCount: null,
    panel: emptyPanel(),
    evaluation: null,
    grants: null,
    awardedFen: null,
    awardedAt: null,
    cancellation: null,
  };
  const event = createEvent(RoundOpened, {
    source: SOURCE,
    subject: roundId,
    now,
    cause,
    data: {
      roundId,
      title: input.title,
      budgetFen: input.budgetFen,
      deadline,
      categories: input.categories,
      programmeId: input.programmeId,
      projectId: project?.projectId ?? null,
    },
  });
  let round: RoundDocument;
  try {
    round = await insertWithEvents(deps.repos.rounds, doc, [event]);
  } catch (error) {
    const raced = error instanceof DuplicateKeyError ? await deps.repos.rounds.findOne({ _id: roundId }) : null;
    if (!raced) throw error;
    return raced;
  }
  return scheduleClosing(deps, round);
}

async function scheduleClosing(deps: Pick<ProcurementDeps, 'jobs'>, round: RoundDocument): Promise<RoundDocument> {
  if (round.status === 'open') {
    await deps.jobs.schedule({
      name: CLOSE_ROUND_JOB,
      payload: { roundId: round._id },
      runAt: new Date(round.deadline),
      jobId: `${CLOSE_ROUND_JOB}:${round._id}`,
    });
  }
  return round;
}

/** Scales the project's evaluator-scored criteria to weights summing to 100 (largest remainder). */
export function roundCriteria(criteria: ReadonlyArray<{ code: string; name: string; kind: string; weight: number }>) {
  const scored = criteria.filter((c) => c.kind !== 'price' && c.weight > 0);
  const total = scored.reduce((s, c) => s + c.weight, 0);
  if (scored.length === 0 || total === 0)
    return [
      { code: 'need_fit', name: '需求契合度', weight: 40 },
      { code: 'feasibility', name: '方案可行性', weight: 40 },
      { code: 'sustainability', name: '可持续性', weight: 20 },
    ];
  const exact = scored.map((c) => (c.weight * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) if (left-- > 0) floors[i] = (floors[i] ?? 0) + 1;
  return scored.map((c, i) => ({ code: c.code, name: c.name, weight: floors[i] ?? 0 }));
}

/**
 * A published venture-funding project opens a round for it: its budget, ceiling per
 * grant, deadline, categories and eligible kinds, and its criteria (price has no place
 * in a grant round).
 */
export function openRoundForProject(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings'>,
  project: EventData<typeof ProjectPublished>,
  cause: Cause,
): Promise<RoundDocument> {
  const now = deps.clock.now();
  const policy = policyAt(deps.settings.policies, now);
  const requested = project.bidDeadline ? new Date(project.bidDeadline) : null;
  const deadline =
    requested && requested > now ? requested : new Date(now.getTime() + policy.tenderPeriodSeconds * 1000);
  return openRound(
    deps,
    'project-design',
    {
      title: project.title,
      description: (project.objectives ?? []).join('；'),
      categories: [project.category],
      budgetFen: project.budgetFen,
      maxGrantFen: project.budgetCeilingFen ?? null,
      deadline: deadline.toISOString(),
      criteria: roundCriteria(project.evaluationCriteria ?? []),
      matchingBonus: { pointsPerTenPercent: 1, maxPoints: 5 },
      minScore: 60,
      eligibleKinds: project.eligibility?.organisationKinds ?? [
        'social_association',
        'private_non_enterprise_unit',
        'foundation',
      ],
      programmeId: project.programmeId ?? null,
    },
    cause,
    { projectId: project.projectId },
  );
}
