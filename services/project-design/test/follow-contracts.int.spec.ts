import { ContractCompleted, ContractTerminated, GrantContracted, RoundOpened } from '@sanshe/contracts';
import { newId } from '@sanshe/platform';
import {
  completeProject,
  event,
  needLogged,
  HL1,
  programmeBody,
  startDesign,
  tokens,
  type DesignSystem,
} from './support';

/**
 * A venture-funding round's project: procurement opens the round from the published project,
 * fulfilment contracts each grant, then the contracts end. Design follows every step, in any
 * order, once; the project completes only when all its contracts ended and one completed.
 */
describe('a published project follows its round, its grants and their ends (project-design, embedded)', () => {
  let sys: DesignSystem;
  let t: Awaited<ReturnType<typeof tokens>>;
  let programmeId: string;

  beforeAll(async () => {
    sys = await startDesign();
    t = await tokens(sys.issuer);
    programmeId = (await sys.http().post('/api/design/programmes').set(sys.as(t.funder)).send(programmeBody())).body
      .programmeId as string;
  });
  afterAll(() => sys.host.close());

  async function publishedProject(): Promise<string> {
    const needs = [needLogged(HL1)];
    await sys.publish(needs);
    const created = await sys
      .http()
      .post('/api/design/projects')
      .set(sys.as(t.staff))
      .send(completeProject([needs[0]!.subject], programmeId));
    const projectId = created.body.projectId as string;
    for (const [step, token] of [
      ['submit', t.staff],
      ['approve', t.official],
      ['publish', t.official],
    ] as const) {
      expect((await sys.http().post(`/api/design/projects/${projectId}/${step}`).set(sys.as(token))).status).toBe(200);
    }
    return projectId;
  }

  const status = async (projectId: string) =>
    (await sys.http().get(`/api/design/projects/${projectId}`).set(sys.as(t.staff))).body as {
      status: string;
      contractIds: string[];
    };
  const moves = (projectId: string) =>
    sys
      .published<{ projectId: string; from: string; to: string }>('design.project.status-changed')
      .filter((e) => e.data.projectId === projectId)
      .map((e) => `${e.data.from}→${e.data.to}`);

  const grant = (projectId: string | null, contractId = newId()) =>
    event(GrantContracted, contractId, {
      contractId,
      roundId: newId(),
      grantId: newId(),
      programmeId,
      projectId,
      organisationId: newId(),
      organisationName: '阳光社工服务社',
      category: 'elderly_care',
      valueFen: 30_000_00,
      signedAt: '2026-04-01T02:00:00.000Z',
    });
  const completed = (contractId: string) =>
    event(ContractCompleted, contractId, {
      contractId,
      organisationId: newId(),
      tenderId: null,
      roundId: newId(),
      valueFen: 30_000_00,
      disbursedFen: 30_000_00,
      performanceScore: 88,
      components: { evaluation: 88, delivery: 90, confirmation: null, firstTimePass: 100 },
      completedAt: '2026-10-01T02:00:00.000Z',
    });
  const terminated = (contractId: string) =>
    event(ContractTerminated, contractId, {
      contractId,
      reason: '机构解散',
      fault: 'organisation',
      terminatedBy: 'official-1',
      terminatedAt: '2026-07-01T02:00:00.000Z',
      valueFen: 30_000_00,
      disbursedFen: 10_000_00,
    });

  test('round opened, two grants contracted, one terminated, the other completed: completed once', async () => {
    const projectId = await publishedProject();
    const roundId = newId();
    const opened = event(RoundOpened, roundId, {
      roundId,
      title: '公益创投',
      budgetFen: 60_000_00,
      deadline: '2026-03-20T02:00:00.000Z',
      categories: ['elderly_care'],
      programmeId,
      projectId,
    });
    await sys.publish([opened, opened]);
    expect((await status(projectId)).status).toBe('in_procurement');

    const [first, second] = [grant(projectId), grant(projectId)];
    await sys.publish([first, second, first]);
    expect(await status(projectId)).toMatchObject({
      status: 'contracted',
      contractIds: [first.subject, second.subject],
    });

    // One grant ends early (terminated): the other still runs, so the project is not done.
    await sys.publish([terminated(first.subject)]);
    expect((await status(projectId)).status).toBe('contracted');
    await sys.publish([completed(second.subject), completed(second.subject)]);
    expect((await status(projectId)).status).toBe('completed');
    expect(moves(projectId)).toEqual(['published→in_procurement', 'in_procurement→contracted', 'contracted→completed']);
  });

  test("a contract's end read before its signature completes the project when the signature arrives", async () => {
    const projectId = await publishedProject();
    const only = grant(projectId);
    await sys.publish([completed(only.subject)]);
    expect((await status(projectId)).status).toBe('published');
    await sys.publish([only]);
    expect((await status(projectId)).status).toBe('completed');
    expect(moves(projectId)).toEqual(['published→contracted', 'contracted→completed']);
  });

  test('a project whose contracts were all terminated stays for an official to decide; rounds and grants without a project are acknowledged', async () => {
    const projectId = await publishedProject();
    const only = grant(projectId);
    await sys.publish([only, terminated(only.subject)]);
    expect((await status(projectId)).status).toBe('contracted');

    const roundId = newId();
    const orphanRound = event(RoundOpened, roundId, {
      roundId,
      title: '直接开放的创投',
      budgetFen: 10_000_00,
      deadline: '2026-03-20T02:00:00.000Z',
      categories: ['elderly_care'],
      programmeId: null,
    });
    await sys.publish([orphanRound, grant(null)]);
    expect(sys.host.inMemoryBus!.deadLettered()).toEqual([]);
  });
});
