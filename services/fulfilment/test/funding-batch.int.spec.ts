import { createEmbeddedStore } from '@sanshe/platform';
import { createRepositories, type Repositories } from '../src/adapters/store/repositories';
import { fundingProjection } from '../src/app/funding-projection';
import { fundingView } from '../src/app/funding-view';

/**
 * The funders' projection takes service records in batches (a consumer reading a batch, a
 * rebuild): whatever the batch holds, its buckets and views end exactly where projecting the
 * same records one by one ends, with one write per bucket instead of two per record.
 */
const PROGRAMME = 'programme-1';

async function world(): Promise<{ repos: Repositories; deps: { repos: Repositories } }> {
  const repos = createRepositories(createEmbeddedStore());
  await repos.setup();
  const deps = { repos };
  await fundingProjection.programmeOpened(deps, {
    programmeId: PROGRAMME,
    name: '项目',
    funderCode: 'FUNDER',
    funderName: '资助方',
    fiscalYear: 2026,
    mode: 'government_purchase',
    budgetFen: 1_000_000_00,
    matchingPercent: 0,
    maxGrantFen: null,
    openedAt: '2026-01-01T00:00:00.000Z',
  });
  for (const [k, community] of ['XZ-GL-HL-01', 'XZ-GL-HL-02', 'XZ-YL-PL-01'].entries())
    await fundingProjection.projectPublished(deps, {
      projectId: `project-${k}`,
      programmeId: PROGRAMME,
      title: '项目',
      category: k === 2 ? 'employment' : 'elderly_care',
      communityCodes: [community],
      needIds: ['n'],
      budgetFen: 100_000_00,
      fundingMode: 'venture_funding',
      tranches: [{ percent: 100, milestone: 'signing' }],
      publishedAt: '2026-01-01T00:00:00.000Z',
    });
  for (const k of [0, 1, 2]) await contract(deps, k);
  return { repos, deps };
}

const contract = (deps: { repos: Repositories }, k: number) =>
  fundingProjection.grantContracted(deps, {
    contractId: `contract-${k}`,
    roundId: 'round-1',
    grantId: `grant-${k}`,
    programmeId: PROGRAMME,
    projectId: `project-${k % 3}`,
    organisationId: `org-${k % 2}`,
    organisationName: `机构.${k % 2}`,
    category: k === 2 ? 'employment' : 'elderly_care',
    valueFen: 50_000_00,
    signedAt: '2026-01-01T00:00:00.000Z',
  });

/** Records over three contracts (one not contracted yet: contract-3), needs served repeatedly, over months. */
const records = Array.from({ length: 60 }, (_, i) => ({
  recordId: `r-${i}`,
  contractId: `contract-${i % 4}`,
  needId: `need-${i % 7}`,
  hours: 0.5 + (i % 5) / 2,
  deliveredOn: `2026-0${1 + (i % 3)}-15`,
}));

const snapshot = async (repos: Repositories) => ({
  buckets: await repos.funding.buckets.find({}, { sort: { _id: 1 } }),
  served: (await repos.funding.served.find({}, { sort: { _id: 1 } })).map((s) => s._id),
  parked: (await repos.funding.pending.find({}, { sort: { _id: 1 } })).map((p) => p._id),
  views: await Promise.all(
    (['community', 'organisation', 'category', 'total'] as const).map((by) =>
      fundingView({ repos }, { programmeId: PROGRAMME, by, period: 'all' }),
    ),
  ),
});

describe("funders' projection: service records in batches", () => {
  it('builds the same buckets and views as one by one, parked records included, once their contract arrives', async () => {
    const one = await world();
    for (const r of records) await fundingProjection.serviceRecorded(one.deps, r);
    const batched = await world();
    await fundingProjection.serviceRecordedBatch(batched.deps, records.slice(0, 25));
    await fundingProjection.serviceRecordedBatch(batched.deps, records.slice(25));

    const before = await snapshot(one.repos);
    expect(await snapshot(batched.repos)).toEqual(before);
    expect(before.parked).toHaveLength(15); // contract-3's records wait for its facts

    await contract(one.deps, 3);
    await contract(batched.deps, 3);
    const after = await snapshot(one.repos);
    expect(await snapshot(batched.repos)).toEqual(after);
    expect(after.parked).toEqual([]);
    expect(after.views[3]!.totals).toMatchObject({ serviceRecords: 60, beneficiaries: 28 });
  });

  it('a batch writes each bucket once, however many records it holds', async () => {
    const { repos, deps } = await world();
    const updateOne = repos.funding.buckets.updateOne.bind(repos.funding.buckets);
    let writes = 0;
    repos.funding.buckets.updateOne = async (...args) => {
      writes += 1;
      return updateOne(...args);
    };
    const known = records.filter((r) => r.contractId !== 'contract-3');

    await fundingProjection.serviceRecordedBatch(deps, known);

    expect(writes).toBe(4); // three months and all time
    expect((await fundingView({ repos }, { programmeId: PROGRAMME, by: 'total', period: 'all' })).totals).toMatchObject(
      {
        serviceRecords: known.length,
      },
    );
  });
});
