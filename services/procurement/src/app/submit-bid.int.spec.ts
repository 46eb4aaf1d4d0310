import {
  createEmbeddedStore,
  createInProcessJobs,
  createLogger,
  loadConfig,
  ManualClock,
  newId,
} from '@sanshe/platform';
import { createRepositories } from '../adapters/store/repositories';
import { ProcurementSettings } from '../settings';
import type { ProcurementDeps } from './deps';
import { createKeyring } from './keyring';
import { openTender, termsFromProject } from './open-tender';
import { submitBid } from './submit-bid';
import { withdrawBid } from './withdraw-bid';

/** A submission that passed the clock check just before the deadline, while the closing job wins the race. */
describe('a bid write racing the closing', () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const repos = createRepositories(createEmbeddedStore());
  const settings = loadConfig(ProcurementSettings, {});
  const deps: ProcurementDeps = {
    repos,
    clock,
    jobs: createInProcessJobs({ clock }),
    logger: createLogger({ name: 't', level: 'silent' }),
    settings,
    keyring: createKeyring(repos.keys, settings.masterKey, clock),
  };
  const cause = { correlationId: 'race', causationId: null };
  const organisationId = newId();
  const actor = { sub: 'u', name: '', roles: ['org_user' as const], communities: [], organisationId, funderCode: null };
  let tenderId: string;

  beforeAll(async () => {
    await repos.setup();
    deps.jobs.register('close-tender', async () => undefined);
    const tender = await openTender(
      deps,
      termsFromProject(
        deps,
        {
          projectId: newId(),
          title: 't',
          category: 'elderly_care',
          communityCodes: ['XZ-GL-HL-01'],
          needIds: [newId()],
          budgetFen: 100_00,
          fundingMode: 'government_purchase',
          tranches: [{ percent: 100, milestone: 'signing' }],
          publishedAt: clock.now().toISOString(),
        },
        clock.now(),
      ),
      { attempt: 1, previousTenderId: null, deadline: null },
      cause,
    );
    tenderId = tender!._id;
    await repos.organisations.insertOne({
      _id: organisationId,
      uscc: '52320300MJ1234567U',
      name: '机构',
      kind: 'private_non_enterprise_unit',
      legalRepresentative: '张',
      registeredOn: '2020-01-01',
      categories: ['elderly_care'],
      serviceAreaCodes: [],
      capacity: { staffCount: 1, maxConcurrentProjects: 1 },
      usccCheck: { ok: true, reason: null, override: null },
      verifiedAt: '2026-01-01T00:00:00.000Z',
      verifiedBy: 'o',
      sanctions: [],
      socialWorkers: [],
      audit: [],
      createdAt: 'x',
      version: 1,
    });
  });

  /** Lets the next check-in find the tender closed, as if the closing job wrote first. */
  function closingWinsNextCheckIn() {
    const original = repos.tenders.updateOne.bind(repos.tenders);
    repos.tenders.updateOne = async (filter, update, options) => {
      repos.tenders.updateOne = original;
      await original({ _id: tenderId }, { $set: { status: 'closed' } });
      return original(filter, update, options);
    };
  }

  test('a revision is undone and refused: the bid stays as it was opened, with no event for the revision', async () => {
    const first = await submitBid(deps, actor, tenderId, { priceFen: 90_00, proposal: '第一版服务方案内容' }, cause);
    closingWinsNextCheckIn();
    await expect(
      submitBid(deps, actor, tenderId, { priceFen: 80_00, proposal: '第二版服务方案内容' }, cause),
    ).rejects.toMatchObject({
      code: 'PROCUREMENT.TENDER_CLOSED',
    });
    const stored = await repos.bids.findOne({ _id: first.bid._id });
    expect(stored).toMatchObject({ revision: 1, commitment: first.bid.commitment, status: 'submitted' });
    expect(stored?.outbox?.map((e) => (e.data as { revision: number }).revision)).toEqual([1]);
    // A withdrawal racing the closing is refused the same way.
    await repos.tenders.updateOne({ _id: tenderId }, { $set: { status: 'tendering' } });
    closingWinsNextCheckIn();
    await expect(withdrawBid(deps, actor, tenderId, first.bid._id, cause)).rejects.toMatchObject({
      code: 'PROCUREMENT.TENDER_CLOSED',
    });
    expect(await repos.bids.findOne({ _id: first.bid._id })).toMatchObject({
      status: 'submitted',
      sealed: expect.any(Object),
    });
  });

  test('a first bid is removed and refused', async () => {
    await repos.tenders.updateOne({ _id: tenderId }, { $set: { status: 'tendering' } });
    await repos.bids.deleteMany({});
    closingWinsNextCheckIn();
    await expect(
      submitBid(deps, actor, tenderId, { priceFen: 90_00, proposal: '第一版服务方案内容' }, cause),
    ).rejects.toMatchObject({
      code: 'PROCUREMENT.TENDER_CLOSED',
    });
    expect(await repos.bids.countDocuments({ tenderId })).toBe(0);
  });
});
