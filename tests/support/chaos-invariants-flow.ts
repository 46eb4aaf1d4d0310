import type { BaseDocument, DocumentStore } from '@sanshe/platform';
import type { Client } from './chaos-client';
import type { Check, KafkaSnapshot, SeenEvent } from './chaos-invariants';
import type { ServiceName } from './chaos-services';

function check(name: string, checked: number, problems: string[]): Check {
  return { name, held: problems.length === 0, checked, problems: problems.slice(0, 10) };
}

const eventsOf = (snapshot: KafkaSnapshot, topic: string, subject: string): SeenEvent[] =>
  (snapshot.byTopic.get(topic) ?? []).filter((e) => e.subject === subject);

interface NeedDoc extends BaseDocument {
  status: string;
  timeline: Array<{ status: string; superseded?: boolean }>;
  sla: { remindedAt: string | null; escalatedAt: string | null; acknowledgeBy: string };
}

/**
 * The SLA jobs scheduled before Redis restarted and intake was killed fired after both: each
 * probe was reminded and escalated, once (one need.escalated event).
 */
export async function checkSlaJobs(
  stores: Record<ServiceName, DocumentStore>,
  snapshot: KafkaSnapshot,
  probes: readonly string[],
  faultsOverAt: number,
): Promise<Check> {
  const problems: string[] = [];
  for (const needId of probes) {
    const need = await stores['needs-intake'].collection<NeedDoc>('needs').findOne({ _id: needId });
    if (!need) {
      problems.push(`probe ${needId}: missing`);
      continue;
    }
    if (new Date(need.sla.acknowledgeBy).getTime() <= faultsOverAt)
      problems.push(`probe ${needId}: due before the faults were over (the check would prove nothing)`);
    if (!need.sla.remindedAt) problems.push(`probe ${needId}: never reminded`);
    if (!need.sla.escalatedAt) problems.push(`probe ${needId}: never escalated`);
    const escalations = eventsOf(snapshot, 'intake.need.escalated', needId).length;
    if (escalations !== 1) problems.push(`probe ${needId}: ${escalations} need.escalated events`);
  }
  return check('delayed jobs scheduled before Redis and intake restarted still fired, once', probes.length, problems);
}

export interface DeepFlowFacts {
  needIds: string[];
  programmeId: string;
  projectId: string;
  tenderId: string;
  contractId: string;
  organisationIds: string[];
  stormTranches: string[];
}

interface BidDoc extends BaseDocument {
  tenderId: string;
  organisationId: string;
}

interface ContractDoc extends BaseDocument {
  valueFen: number;
  disbursedFen: number;
  tranches: Array<{ trancheId: string; amountFen: number; status: string }>;
}

/** One bid per organisation per tender, whatever was sent twice or through a kill. */
export async function checkBids(stores: Record<ServiceName, DocumentStore>, flow: DeepFlowFacts): Promise<Check> {
  const bids = await stores.procurement.collection<BidDoc>('bids').find({});
  const problems: string[] = [];
  const per = new Map<string, number>();
  for (const b of bids)
    per.set(`${b.tenderId}/${b.organisationId}`, (per.get(`${b.tenderId}/${b.organisationId}`) ?? 0) + 1);
  for (const [key, n] of per) if (n !== 1) problems.push(`${key}: ${n} bids`);
  for (const org of flow.organisationIds)
    if (!per.has(`${flow.tenderId}/${org}`)) problems.push(`organisation ${org}: no bid on the tender`);
  return check('one bid per organisation per tender', bids.length, problems);
}

/**
 * Each tranche paid at most once (one payment.disbursed event each, none for an unpaid one),
 * the contract's total equal to what its tranches paid and never above its value, each storm's
 * tranche paid, and the funders' view (an $inc projection of those events) counting each once.
 */
export async function checkPayments(
  stores: Record<ServiceName, DocumentStore>,
  snapshot: KafkaSnapshot,
  client: Client,
  funderToken: string,
  flow: DeepFlowFacts,
): Promise<Check> {
  const problems: string[] = [];
  const contract = await stores.fulfilment.collection<ContractDoc>('contracts').findOne({ _id: flow.contractId });
  if (!contract) return check('payments', 0, [`contract ${flow.contractId} missing`]);
  const payments = eventsOf(snapshot, 'fulfilment.payment.disbursed', flow.contractId);
  let paid = 0;
  for (const tranche of contract.tranches) {
    const events = payments.filter((e) => e.data.trancheId === tranche.trancheId).length;
    const disbursed = tranche.status === 'disbursed';
    if (disbursed) paid += tranche.amountFen;
    if (events !== (disbursed ? 1 : 0))
      problems.push(`tranche ${tranche.trancheId} (${tranche.status}): ${events} payment events`);
  }
  for (const trancheId of flow.stormTranches)
    if (contract.tranches.find((x) => x.trancheId === trancheId)?.status !== 'disbursed')
      problems.push(`storm tranche ${trancheId} not paid`);
  if (contract.disbursedFen !== paid) problems.push(`contract says ${contract.disbursedFen} paid, tranches ${paid}`);
  if (contract.disbursedFen > contract.valueFen)
    problems.push(`paid ${contract.disbursedFen} > value ${contract.valueFen}`);
  const view = await client.call('GET', `/api/fulfilment/funding?programmeId=${flow.programmeId}`, funderToken);
  const viewed = (view.body.totals as { disbursedFen?: number } | undefined)?.disbursedFen;
  if (viewed !== contract.disbursedFen)
    problems.push(`funders' view shows ${viewed} disbursed, contract ${contract.disbursedFen}`);
  return check(
    'each tranche paid at most once, total ≤ value, projections count each payment once',
    contract.tranches.length,
    problems,
  );
}

/** The flow's needs went all the way, each step once and in order; the project followed its contract. */
export async function checkFlowStates(
  stores: Record<ServiceName, DocumentStore>,
  client: Client,
  staffToken: string,
  flow: DeepFlowFacts,
): Promise<Check> {
  const problems: string[] = [];
  const expected = ['logged', 'in_project', 'contracted', 'in_service', 'fulfilled'];
  for (const needId of flow.needIds) {
    const need = await stores['needs-intake'].collection<NeedDoc>('needs').findOne({ _id: needId });
    const timeline = need?.timeline.filter((e) => !e.superseded).map((e) => e.status) ?? [];
    // Each step once and in the life order of a need, whatever order their events (several topics) arrived in.
    if (need?.status !== 'fulfilled' || timeline.join() !== expected.join())
      problems.push(`need ${needId}: ${need?.status}, timeline ${timeline.join('>')}`);
  }
  const project = await client.call('GET', `/api/design/projects/${flow.projectId}`, staffToken);
  const contractIds = (project.body.contractIds as string[] | undefined)?.join();
  if (project.body.status !== 'in_delivery' || contractIds !== flow.contractId)
    problems.push(`project ${flow.projectId}: ${String(project.body.status)}, contracts ${contractIds}`);
  return check(
    'the deep flow: needs fulfilled with each step once, in order, project in delivery',
    flow.needIds.length + 1,
    problems,
  );
}

/** Timelines whose steps are not in the life order of a need (a late step appended after a later one). */
export async function timelinesOutOfOrder(stores: Record<ServiceName, DocumentStore>, needIds: string[]) {
  const order = ['logged', 'in_project', 'contracted', 'in_service', 'fulfilled'];
  const found: string[] = [];
  for (const needId of needIds) {
    const need = await stores['needs-intake'].collection<NeedDoc>('needs').findOne({ _id: needId });
    const steps = need?.timeline.filter((e) => !e.superseded).map((e) => order.indexOf(e.status)) ?? [];
    if (steps.some((step, i) => i > 0 && step < steps[i - 1]!))
      found.push(need!.timeline.map((e) => e.status).join('>'));
  }
  return found;
}
