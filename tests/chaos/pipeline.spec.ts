import path from 'node:path';
import { createLocalIssuer, type BaseDocument, type DocumentStore, type LocalIssuer } from '@sanshe/platform';
import { readTopicToEnd, quietKafka } from '../../packages/platform/src/bus/dlq-replay';
import { tokens } from '../e2e/flow';
import { describeReal } from '../support/infra';
import { createClient, eventually, type Client } from '../support/chaos-client';
import { FaultInjector, type FaultTarget } from '../support/chaos-faults';
import { startChaosInfra, type ChaosInfra } from '../support/chaos-infra';
import {
  checkAuditChains,
  checkDeadLetters,
  checkDelivery,
  checkDesign,
  checkIntake,
  checkIntakeEvents,
  checkOutboxes,
  openStores,
  snapshotKafka,
  type Check,
} from '../support/chaos-invariants';
import {
  checkBids,
  checkFlowStates,
  checkPayments,
  checkSlaJobs,
  timelinesOutOfOrder,
} from '../support/chaos-invariants-flow';
import { countLogSignals, emptyReport, writeReport } from '../support/chaos-report';
import { FLEET_ISSUER, ServiceFleet, type ServiceName } from '../support/chaos-services';
import { waitSettled } from '../support/chaos-settle';
import { runNeedStream, STREAM_COMMUNITY, type StreamNeed } from '../support/chaos-stream';
import { consumedTopics } from '../support/chaos-topology';
import { CHAOS, SERVICE_ENV } from './chaos-config';
import { CHAOS_FUNDER_CODE, runDeepFlow, type DeepFlowResult } from './deep-flow';
import { awaitDeadLetter, dlqReplay, ensureReplayCommandBuilt, publishPoison, writeCorrection } from './poison';

/**
 * Chaos on real infrastructure (issue 8). A private Kafka, MongoDB-wire server (H2 backend,
 * persisted) and Redis (append-only file) on their own ports, the four services as processes.
 * While a stream of needs flows through intake into design's read model, and a few needs go
 * the whole way to paid tranches, each service is killed with SIGKILL and started again and
 * each server is restarted; then the invariants are checked through the stores, the topics
 * and the APIs. A poison event is dead-lettered and replayed with `npm run dlq:replay`.
 * Figures of each run: reports/chaos-*.json and docs/reliability.md.
 */
describeReal('chaos: the distributed system under kills and restarts', () => {
  const report = emptyReport();
  const passed = new Set<string>();
  let issuer: LocalIssuer;
  let infra: ChaosInfra;
  let fleet: ServiceFleet;
  let faults: FaultInjector;
  let client: Client;
  let stores: Record<ServiceName, DocumentStore>;
  let topology: Record<ServiceName, string[]>;
  let stream: StreamNeed[] = [];
  let deep: DeepFlowResult;
  const probes: string[] = [];
  const brokers = () => infra.env.KAFKA_BROKERS;

  beforeAll(async () => {
    const started = Date.now();
    ensureReplayCommandBuilt();
    issuer = await createLocalIssuer({ issuer: FLEET_ISSUER });
    infra = await startChaosInfra({ dir: CHAOS.dir, ports: CHAOS.infraPorts });
    fleet = new ServiceFleet({
      issuer,
      infra: infra.env,
      ports: CHAOS.servicePorts,
      env: SERVICE_ENV,
      logDir: path.join(CHAOS.dir, 'services'),
    });
    await fleet.startAll();
    faults = new FaultInjector(fleet, infra);
    client = createClient((s) => fleet.url(s));
    topology = consumedTopics(SERVICE_ENV);
    stores = await openStores(infra.env.MONGO_URL);
    report.durationsMs['start-up'] = Date.now() - started;
  }, 900_000);

  afterAll(async () => {
    await Promise.allSettled(Object.values(stores ?? {}).map((s) => s.close()));
    await fleet?.stopAll();
    report.logSignals = countLogSignals(path.join(CHAOS.dir, 'services'));
    report.faults = {
      total: faults?.records.length ?? 0,
      byKind: faults?.counts() ?? {},
      records: faults?.records ?? [],
      stuck: faults?.stuck() ?? [],
    };
    writeReport(report);
    await infra?.down({ keep: CHAOS.keep || passed.size < 2 || report.faults.stuck.length > 0 });
  }, 300_000);

  test(`${CHAOS.needs} needs flow while each service is killed (-9) and Kafka, MongoDB and Redis restart; every invariant holds`, async () => {
    const t = await tokens(issuer, CHAOS_FUNDER_CODE);
    const staff = await issuer.sign({
      sub: 'staff-chaos',
      roles: ['community_staff'],
      communities: [STREAM_COMMUNITY],
    });
    let faultsOverAt = 0;

    // Logged while the fault lock is held: no fault is in progress, none starts meanwhile.
    const logProbes = async () => {
      for (let i = 0; i < CHAOS.slaProbes; i++) {
        const reply = await client.call('POST', '/api/intake/needs', staff, {
          channel: 'grid_visit',
          category: 'safety',
          gridCode: `${STREAM_COMMUNITY}-G01`,
          urgency: 'critical',
          beneficiaryCount: 3,
          description: `SLA probe ${i}: 楼道堆放杂物存在消防隐患`,
        });
        expect(reply.status).toBe(201);
        probes.push(String(reply.body.needId));
      }
    };
    // Fault k of the stream starts when need k·N/(F+1) is due, once fault k-1 is over.
    const schedule: Array<{ targets: FaultTarget[]; first?: () => Promise<void>; after?: () => void }> = [
      { targets: ['needs-intake'] },
      { targets: ['project-design'] },
      { targets: ['kafka'] },
      { targets: ['fulfilment'] },
      { targets: ['mongo'] },
      { targets: ['procurement'] },
      // The SLA probes' jobs, due in 90 s, wait in Redis while it restarts and intake is killed.
      { targets: ['redis', 'needs-intake'], first: logProbes, after: () => (faultsOverAt = Date.now()) },
    ];
    const triggers = schedule.map((_, k) => Math.floor(((k + 1) * CHAOS.needs) / (schedule.length + 1)));
    let previous: Promise<void> = Promise.resolve();
    const gate = async (index: number) => {
      const k = triggers.indexOf(index);
      if (k < 0) return;
      await previous;
      const step = schedule[k]!;
      const during = `need ${index} of ${CHAOS.needs}`;
      previous = (async () => {
        await faults.injectAll(step.targets, during, step.first ?? (async () => undefined));
        step.after?.();
      })();
    };

    const started = Date.now();
    const [streamed, flow] = await Promise.all([
      runNeedStream({
        client,
        staffToken: staff,
        count: CHAOS.needs,
        concurrency: CHAOS.concurrency,
        run: Math.floor(Math.random() * 1000),
        gate,
      }).then(async (result) => {
        await previous;
        return result;
      }),
      runDeepFlow({
        client,
        issuer,
        faults,
        tenderPeriodSeconds: CHAOS.tenderPeriodSeconds,
        log: (line) => process.stdout.write(`  ${line}\n`),
      }),
    ]);
    stream = streamed.needs;
    deep = flow;
    report.needs = streamed.stats;
    report.deepFlow = { ...flow };
    report.durationsMs['stream and deep flow under faults'] = Date.now() - started;

    // At rest: outboxes empty, every group at the end of its topics; the SLA jobs due.
    report.durationsMs.settle = await waitSettled(brokers(), stores, topology);
    await eventually(async () => {
      const needs = stores['needs-intake'].collection<BaseDocument & { sla: { escalatedAt: string | null } }>('needs');
      const escalated = await Promise.all(probes.map((id) => needs.findOne({ _id: id })));
      return escalated.every((n) => n?.sla.escalatedAt) ? true : undefined;
    }, 'the SLA probes escalated by their delayed jobs');
    await waitSettled(brokers(), stores, topology);

    const snapshot = await snapshotKafka(brokers());
    report.kafka = { messages: snapshot.messages, duplicateDeliveries: snapshot.duplicates };
    const delivery = await checkDelivery(stores, snapshot, topology);
    report.processedEvents = delivery.processed;
    const facts = { ...flow, stormTranches: flow.storms.map((s) => s.trancheId) };
    const checks: Check[] = [
      ...(await checkIntake(stores, stream, streamed.stats.sent)),
      await checkDesign(stores, stream, [...flow.needIds, ...probes]),
      checkIntakeEvents(snapshot, stream),
      delivery.check,
      await checkOutboxes(stores),
      await checkSlaJobs(stores, snapshot, probes, faultsOverAt),
      await checkBids(stores, facts),
      await checkPayments(stores, snapshot, client, t.funder, facts),
      await checkFlowStates(stores, client, t.staff, facts),
      checkDeadLetters(snapshot, {}),
      await checkAuditChains(client, t.admin),
    ];
    report.checks.push(...checks);
    report.deepFlow.timelinesOutOfOrder = await timelinesOutOfOrder(stores, flow.needIds);
    expect(faults.records.length).toBeGreaterThanOrEqual(schedule.flatMap((s) => s.targets).length + 5);
    expect(checks.filter((c) => !c.held)).toEqual([]);
    passed.add('stream');
  }, 3_600_000);

  test('a poison event is dead-lettered after bounded attempts; npm run dlq:replay replays it corrected, once', async () => {
    const started = Date.now();
    const poison = await publishPoison(brokers());
    const { letter, attemptsLogged, bound } = await awaitDeadLetter(
      brokers(),
      'project-design',
      poison.eventId,
      path.join(CHAOS.dir, 'services', 'project-design.log'),
    );
    expect(letter.topic).toBe('intake.need.status-changed');
    expect(letter.attempts).toBeGreaterThanOrEqual(1);
    expect(letter.attempts).toBeLessThanOrEqual(bound);
    expect(attemptsLogged).toBe(letter.attempts);
    const processed = stores['project-design'].collection('processed_events');
    expect(await processed.findOne({ _id: `project-design:${poison.eventId}` })).toBeNull();

    // The listing names it, without its data; replaying it unchanged is refused (it would fail again).
    const listed = await dlqReplay(brokers(), ['project-design', '--list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`"eventId":"${poison.eventId}"`);
    expect(listed.stdout).not.toContain('teleported');
    const refused = await dlqReplay(brokers(), ['project-design', '--id', poison.eventId]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('would fail again');

    // Corrected, it is replayed and handled; replayed again, it changes nothing.
    const fixed = writeCorrection(CHAOS.dir, poison.data);
    const replay = () => dlqReplay(brokers(), ['project-design', '--id', poison.eventId, '--data', fixed]);
    const first = await replay();
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout.trim())).toMatchObject({
      eventId: poison.eventId,
      published: true,
      corrected: true,
    });
    const openNeeds = stores['project-design'].collection<BaseDocument & { status: string; statusStamp: string }>(
      'open_needs',
    );
    const applied = await eventually(
      async () => (await openNeeds.findOne({ _id: poison.needId })) ?? undefined,
      'the corrected event applied',
    );
    expect(applied.status).toBe('withdrawn');
    expect((await replay()).code).toBe(0);
    await waitSettled(brokers(), stores, topology);

    const onTopic = (await readTopicToEnd(quietKafka(brokers().split(',')), 'intake.need.status-changed')).filter((m) =>
      m.value.includes(poison.eventId),
    );
    expect(onTopic).toHaveLength(3);
    expect(await processed.countDocuments({ eventId: poison.eventId })).toBe(1);
    expect(await openNeeds.findOne({ _id: poison.needId })).toEqual(applied);
    const snapshot = await snapshotKafka(brokers());
    const dlq = checkDeadLetters(snapshot, { 'project-design': [poison.eventId] });
    const design = await checkDesign(stores, stream, [...deep.needIds, ...probes, poison.needId]);
    report.checks.push(dlq, design);
    report.poison = {
      topic: letter.topic,
      attempts: letter.attempts,
      attemptsLogged,
      bound,
      replays: 2,
      onTopic: onTopic.length,
      processed: 1,
    };
    report.durationsMs.poison = Date.now() - started;
    expect([dlq, design].filter((c) => !c.held)).toEqual([]);
    passed.add('poison');
  }, 600_000);
});
