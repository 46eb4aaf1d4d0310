import { randomUUID } from 'node:crypto';
import { createMongoStore, newId, type DocumentStore } from '@sanshe/platform';
import { describeReal, REAL_INFRA } from '../../../tests/support/infra';
import { createRepositories, type Repositories } from '../src/adapters/store/repositories';
import {
  contractCompleted,
  contractTerminated,
  grantContracted,
  linkRatedContract,
  ratingsOf,
} from '../src/app/ratings';

const at = (day: number) => `2026-05-${String(day).padStart(2, '0')}T08:00:00.000+08:00`;

/*
 * The ratings' store logic (upserts with $setOnInsert, $in queries) on the MongoDB-wire
 * server: the same events applied in every order give the same rating, and applying
 * them twice changes nothing.
 */
describeReal('performance ratings on the real MongoDB-wire server', () => {
  let store: DocumentStore;
  let repos: Repositories;
  beforeAll(async () => {
    store = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName: `rat${randomUUID().slice(0, 8)}` });
    repos = createRepositories(store);
    await repos.setup();
  });
  afterAll(() => store.close());

  test('links, completions and terminations commute and are idempotent; a tender contract signed before ratings existed is found through the older read model', async () => {
    const organisationId = newId();
    const grant = newId();
    const tenderContract = newId();
    const legacy = newId();
    const steps: Array<() => Promise<void>> = [
      () =>
        contractTerminated(
          { repos },
          {
            contractId: grant,
            reason: '擅自转包',
            terminatedBy: 'official-1',
            terminatedAt: at(3),
            valueFen: 10_000_00,
            disbursedFen: 0,
          },
        ),
      () =>
        grantContracted(
          { repos },
          {
            contractId: grant,
            roundId: newId(),
            grantId: newId(),
            programmeId: null,
            projectId: null,
            organisationId,
            organisationName: '甲',
            category: 'elderly_care',
            valueFen: 10_000_00,
            signedAt: at(1),
          },
        ),
      () =>
        contractCompleted(
          { repos },
          {
            contractId: tenderContract,
            organisationId,
            tenderId: newId(),
            roundId: null,
            valueFen: 20_000_00,
            disbursedFen: 20_000_00,
            performanceScore: 76.5,
            components: { evaluation: 80, delivery: 70, confirmation: null, firstTimePass: 100 },
            completedAt: at(2),
          },
        ),
      () => linkRatedContract({ repos }, tenderContract, organisationId),
    ];
    // Signed before this release: only procurement's contract links know its organisation.
    await repos.contracts.insertOne({
      _id: legacy,
      organisationId,
      tenderId: newId(),
      signedAt: at(1),
      milestonesAccepted: [],
      completed: false,
      needsFulfilled: [],
    });
    const legacyTermination = () =>
      contractTerminated(
        { repos },
        {
          contractId: legacy,
          reason: '项目撤销',
          terminatedBy: 'official-1',
          terminatedAt: at(4),
          valueFen: 5_000_00,
          disbursedFen: 0,
        },
      );

    for (const step of steps) await step();
    const forward = (await ratingsOf({ repos }, [organisationId])).get(organisationId);
    expect(forward).toMatchObject({ completedContracts: 1, terminatedContracts: 1, meanScore: 76.5 });
    // Latest first: the termination (day 3) weighs 1, the completion (day 2) 2^(-1/5).
    expect(forward?.score).toBe(35.6);

    await repos.ratedContracts.deleteMany({});
    for (const step of [...steps].reverse()) await step();
    for (const step of steps) await step();
    expect((await ratingsOf({ repos }, [organisationId])).get(organisationId)).toEqual(forward);

    await legacyTermination();
    await legacyTermination();
    const withLegacy = (await ratingsOf({ repos }, [organisationId, newId()])).get(organisationId);
    expect(withLegacy).toMatchObject({ completedContracts: 1, terminatedContracts: 2 });
    expect(withLegacy?.recent.map((o) => o.contractId)).toEqual([legacy, grant, tenderContract]);
  });
});
