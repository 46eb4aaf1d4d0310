import {
  ContractCompleted,
  EvaluationRecorded,
  MilestoneAccepted,
  RemediationAccepted,
  type EventEnvelope,
  type FulfilmentApi,
} from '@sanshe/contracts';
import { conflict, createEvent, forbidden, newId, notFound, type Cause, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { evaluationProblem, performance, type Evaluation, type Milestone, type Remediation } from '../domain/contract';
import type { ContractDocument } from '../adapters/store/repositories';
import { changeContract } from './contract-store';
import type { FulfilmentDeps } from './deps';
import { SOURCE } from './source';

type Deps = Pick<FulfilmentDeps, 'repos' | 'clock'>;
type RecordStats = { total: number; confirmed: number };

async function recordStats(deps: Deps, contractId: string): Promise<RecordStats> {
  const [total, confirmed] = await Promise.all([
    deps.repos.records.countDocuments({ contractId }),
    deps.repos.records.countDocuments({ contractId, confirmed: true }),
  ]);
  return { total, confirmed };
}

/** When the final gate opens, the same write completes the contract and publishes its performance. */
function completion(
  contract: ContractDocument,
  milestone: Milestone,
  evaluations: Evaluation[],
  stats: RecordStats,
  now: Date,
  cause: Cause,
): { set: Record<string, unknown>; events: EventEnvelope[] } {
  if (milestone.kind !== 'final_acceptance' || contract.status !== 'active') return { set: {}, events: [] };
  const { score, components } = performance({ ...contract, evaluations }, stats);
  const completedAt = now.toISOString();
  const event = createEvent(ContractCompleted, {
    source: SOURCE,
    subject: contract._id,
    now,
    cause,
    data: {
      contractId: contract._id,
      organisationId: contract.organisationId,
      tenderId: contract.tenderId,
      roundId: contract.source.kind === 'grant' ? contract.source.roundId : null,
      valueFen: contract.valueFen,
      disbursedFen: contract.disbursedFen,
      performanceScore: score,
      components,
      completedAt,
    },
  });
  return {
    set: { status: 'completed', completion: { performanceScore: score, components, completedAt } },
    events: [event],
  };
}

/** An evaluator scores a mid-term or final gate; a pass opens it, a fail holds its tranches. */
export async function evaluateGate(
  deps: Deps,
  actor: Principal,
  contractId: string,
  milestoneId: string,
  input: z.infer<typeof FulfilmentApi.EvaluateRequest>,
  cause: Cause,
): Promise<ContractDocument> {
  const stats = await recordStats(deps, contractId);
  return changeContract(deps, contractId, (contract) => {
    const problem = evaluationProblem(contract, milestoneId);
    if (problem === 'no such milestone') throw notFound('FULFILMENT.MILESTONE_NOT_FOUND', problem);
    if (problem) throw conflict('FULFILMENT.GATE_NOT_EVALUABLE', problem);
    const milestone = contract.milestones.find((m) => m.milestoneId === milestoneId)!;
    const now = deps.clock.now();
    const at = now.toISOString();
    const evaluation: Evaluation = {
      evaluationId: newId(),
      milestoneId,
      kind: milestone.kind,
      score: input.score,
      passed: input.passed,
      summary: input.summary,
      evaluatedBy: actor.sub,
      evaluatedAt: at,
    };
    const events: EventEnvelope[] = [
      createEvent(EvaluationRecorded, {
        source: SOURCE,
        subject: contractId,
        now,
        cause,
        data: {
          contractId,
          evaluationId: evaluation.evaluationId,
          milestoneId,
          kind: milestone.kind,
          score: input.score,
          passed: input.passed,
          evaluatedBy: actor.sub,
          evaluatedAt: at,
        },
      }),
    ];
    if (input.passed)
      events.push(
        createEvent(MilestoneAccepted, {
          source: SOURCE,
          subject: contractId,
          now,
          cause,
          data: { contractId, milestoneId, kind: milestone.kind, acceptedAt: at },
        }),
      );
    const milestones = contract.milestones.map((m) =>
      m.milestoneId === milestoneId
        ? {
            ...m,
            status: input.passed ? ('accepted' as const) : ('failed' as const),
            acceptedAt: input.passed ? at : null,
          }
        : m,
    );
    const done = input.passed
      ? completion(contract, milestone, [...contract.evaluations, evaluation], stats, now, cause)
      : { set: {}, events: [] };
    return {
      update: { $set: { milestones, ...done.set }, $push: { evaluations: evaluation } },
      events: [...events, ...done.events],
    };
  });
}

/** The contracted organisation answers a failed gate with a remediation plan. */
export async function submitRemediation(
  deps: Deps,
  actor: Principal,
  contractId: string,
  milestoneId: string,
  plan: string,
): Promise<ContractDocument> {
  return changeContract(deps, contractId, (contract) => {
    if (actor.organisationId !== contract.organisationId)
      throw notFound('FULFILMENT.CONTRACT_NOT_FOUND', 'no such contract');
    const milestone = contract.milestones.find((m) => m.milestoneId === milestoneId);
    if (!milestone) throw notFound('FULFILMENT.MILESTONE_NOT_FOUND', 'no such milestone');
    if (milestone.status !== 'failed')
      throw conflict('FULFILMENT.GATE_NOT_FAILED', 'a remediation answers a failed gate only');
    if (contract.remediations.some((r) => r.milestoneId === milestoneId && r.status === 'submitted'))
      throw conflict('FULFILMENT.REMEDIATION_PENDING', 'a remediation of this gate awaits its decision');
    const remediation: Remediation = {
      remediationId: newId(),
      milestoneId,
      plan,
      submittedBy: actor.sub,
      submittedAt: deps.clock.now().toISOString(),
      status: 'submitted',
      decidedBy: null,
      decidedAt: null,
      decisionNote: '',
    };
    return { update: { $push: { remediations: remediation } }, events: [] };
  });
}

/** An evaluator or official accepts (the gate opens, its tranche is released) or rejects a remediation. */
export async function decideRemediation(
  deps: Deps,
  actor: Principal,
  contractId: string,
  milestoneId: string,
  remediationId: string,
  decision: z.infer<typeof FulfilmentApi.DecideRemediationRequest>,
  cause: Cause,
): Promise<ContractDocument> {
  if (!actor.roles.some((r) => r === 'evaluator' || r === 'official' || r === 'admin')) throw forbidden();
  const stats = await recordStats(deps, contractId);
  return changeContract(deps, contractId, (contract) => {
    if (contract.status !== 'active')
      throw conflict('FULFILMENT.CONTRACT_NOT_ACTIVE', `the contract is ${contract.status}`);
    const remediation = contract.remediations.find(
      (r) => r.remediationId === remediationId && r.milestoneId === milestoneId,
    );
    if (!remediation) throw notFound('FULFILMENT.REMEDIATION_NOT_FOUND', 'no such remediation');
    if (remediation.status !== 'submitted')
      throw conflict('FULFILMENT.REMEDIATION_DECIDED', `this remediation was already ${remediation.status}`);
    const milestone = contract.milestones.find((m) => m.milestoneId === milestoneId)!;
    const now = deps.clock.now();
    const at = now.toISOString();
    const remediations = contract.remediations.map((r) =>
      r.remediationId === remediationId
        ? {
            ...r,
            status: decision.accept ? ('accepted' as const) : ('rejected' as const),
            decidedBy: actor.sub,
            decidedAt: at,
            decisionNote: decision.note,
          }
        : r,
    );
    if (!decision.accept) return { update: { $set: { remediations } }, events: [] };
    const milestones = contract.milestones.map((m) =>
      m.milestoneId === milestoneId ? { ...m, status: 'accepted' as const, acceptedAt: at } : m,
    );
    const events = [
      createEvent(RemediationAccepted, {
        source: SOURCE,
        subject: contractId,
        now,
        cause,
        data: { contractId, milestoneId, remediationId, acceptedBy: actor.sub, acceptedAt: at },
      }),
      createEvent(MilestoneAccepted, {
        source: SOURCE,
        subject: contractId,
        now,
        cause,
        data: { contractId, milestoneId, kind: milestone.kind, acceptedAt: at },
      }),
    ];
    const done = completion(contract, milestone, contract.evaluations, stats, now, cause);
    return { update: { $set: { remediations, milestones, ...done.set } }, events: [...events, ...done.events] };
  });
}
