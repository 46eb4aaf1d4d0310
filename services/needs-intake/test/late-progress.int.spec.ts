import request from 'supertest';
import {
  ContractSigned,
  NeedFulfilled,
  ProjectCreated,
  ServiceRecorded,
  type EventDefinition,
  type EventEnvelope,
} from '@sanshe/contracts';
import type { z } from 'zod';
import {
  createEvent,
  createLocalIssuer,
  createLogger,
  loadConfig,
  ManualClock,
  newId,
  startHost,
  type Host,
} from '@sanshe/platform';
import { createNeedsIntake, IntakeSettings } from '../src';

/**
 * Downstream milestones reach intake on four topics, so in any order (the chaos suite saw
 * `need.fulfilled` before the `service.recorded` that preceded it). Intake runs alone here and
 * the test publishes those events itself, out of order, each stamped with when it happened.
 */
describe('a need follows its project whatever order the milestones arrive in (embedded)', () => {
  const start = Date.parse('2026-03-02T01:00:00.000Z');
  const hours = (h: number) => new Date(start + h * 3600_000);
  const clock = new ManualClock(new Date(start));
  let host: Host;
  let staff: string;
  const http = () => request(host.app);
  const cause = { correlationId: 'late-progress-test', causationId: null };
  const LIFE = ['logged', 'in_project', 'contracted', 'in_service', 'fulfilled'];

  beforeAll(async () => {
    const issuer = await createLocalIssuer();
    host = await startHost({
      mode: { kind: 'embedded' },
      services: [{ name: 'needs-intake', build: (deps) => createNeedsIntake(deps, loadConfig(IntakeSettings, {})) }],
      logger: createLogger({ name: 'late-progress-test', level: 'silent' }),
      clock,
      verifier: issuer.verifier,
    });
    staff = await issuer.sign({ sub: 'staff-owner', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] });
  });
  afterAll(() => host.close());

  const event = <D extends z.ZodType>(definition: EventDefinition<string, D>, at: Date, data: z.input<D>) =>
    createEvent(definition, { source: 'test', subject: newId(), data, cause, now: at });

  async function publish(...events: EventEnvelope[]): Promise<void> {
    // One publish each: the bus then delivers them in exactly this order.
    for (const e of events) await host.bus.publish([e]);
    await host.settle();
  }

  /** A need taken into a project (1 h) and contracted (2 h); its service (3 h) and fulfilment (4 h) to come. */
  async function contractedNeed() {
    const res = await http()
      .post('/api/intake/needs')
      .set('Authorization', `Bearer ${staff}`)
      .send({
        channel: 'window',
        category: 'elderly_care',
        attributes: { care_type: 'home_visit' },
        gridCode: 'XZ-GL-HL-01-G01',
        urgency: 'normal',
        beneficiaryCount: 1,
        beneficiaryGroups: ['elderly'],
        description: '老人需要每周上门探访',
        contact: { name: '张阿姨', phone: '13900001234', consent: true },
      });
    expect(res.status).toBe(201);
    const needId = res.body.needId as string;
    const ids = { needId, projectId: newId(), contractId: newId() };
    const created = event(ProjectCreated, hours(1), {
      projectId: ids.projectId,
      title: '上门探访',
      category: 'elderly_care',
      needIds: [needId],
      budgetFen: 1_000_000,
      fundingMode: 'government_purchase',
    });
    const signed = event(ContractSigned, hours(2), {
      contractId: ids.contractId,
      tenderId: newId(),
      projectId: ids.projectId,
      organisationId: newId(),
      needIds: [needId],
      valueFen: 900_000,
      signedAt: hours(2).toISOString(),
    });
    const served = (at: Date) =>
      event(ServiceRecorded, at, {
        contractId: ids.contractId,
        recordId: newId(),
        needId,
        hours: 2,
        deliveredOn: at.toISOString().slice(0, 10),
      });
    const fulfilled = (at: Date) =>
      event(NeedFulfilled, at, { needId, contractId: ids.contractId, fulfilledAt: at.toISOString() });
    return { ...ids, caseNumber: res.body.caseNumber as string, created, signed, served, fulfilled };
  }

  const stored = async (needId: string) =>
    (await host.stores['needs-intake']!.collection<{
      _id: string;
      status: string;
      timeline: Array<{ status: string }>;
    }>('needs').findOne({ _id: needId }))!;

  async function timelines(needId: string, caseNumber: string) {
    const view = await http().get(`/api/intake/needs/${needId}`).set('Authorization', `Bearer ${staff}`);
    const tracked = await http().post('/api/intake/track').send({ caseNumber, phoneLast4: '1234' });
    expect([view.status, tracked.status]).toEqual([200, 200]);
    const statuses = (body: { timeline: Array<{ status: string }> }) => body.timeline.map((e) => e.status);
    return {
      stored: (await stored(needId)).timeline.map((e) => e.status),
      view: statuses(view.body),
      tracked: statuses(tracked.body),
      status: [view.body.status as string, tracked.body.status as string],
    };
  }

  test('fulfilment before the service record: the late step is inserted before it, and the need stays fulfilled', async () => {
    const need = await contractedNeed();
    await publish(need.created, need.signed, need.fulfilled(hours(4)), need.served(hours(3)));

    const seen = await timelines(need.needId, need.caseNumber);
    expect(seen).toEqual({ stored: LIFE, view: LIFE, tracked: LIFE, status: ['fulfilled', 'fulfilled'] });
  });

  test('a service record that fulfils the need (one instant for both events) arriving second goes before it too', async () => {
    const need = await contractedNeed();
    await publish(need.created, need.signed, need.fulfilled(hours(3)), need.served(hours(3)));

    expect((await timelines(need.needId, need.caseNumber)).stored).toEqual(LIFE);
  });

  test('several late steps each land in life order, once, however often they are delivered', async () => {
    const need = await contractedNeed();
    // The contract and the service record both come after the fulfilment; a second service record
    // (another visit, another event) and a re-delivered contract change nothing.
    await publish(need.created, need.fulfilled(hours(4)), need.served(hours(3)), need.signed);
    await publish(need.served(hours(3.5)), { ...need.signed });

    const seen = await timelines(need.needId, need.caseNumber);
    expect(seen).toEqual({ stored: LIFE, view: LIFE, tracked: LIFE, status: ['fulfilled', 'fulfilled'] });
  });
});
