import { ContractSigned, MilestoneAccepted, NeedFulfilled } from '@sanshe/contracts';
import { createEvent, newId } from '@sanshe/platform';
import { startHarness, type Harness } from './harness';

const workers = (certified: number, total: number) =>
  Array.from({ length: total }, (_, i) => ({
    workerId: `w${i}`,
    name: `社工${i}`,
    certificateLevel: i < certified ? 'intermediate' : 'none',
    certificateNumber: i < certified ? `SW${i}` : null,
  }));

describe('recommendations for a tender (embedded)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  test('ranked by category fit, service area, capacity, certified share and past performance from fulfilment, with reasons', async () => {
    const a = await h.organisation('老牌养老服务中心', { serviceAreaCodes: ['XZ-GL-HL'] }, { workers: workers(2, 4) });
    const b = await h.organisation('外区养老服务社', { serviceAreaCodes: ['XZ-YL'] }, { workers: workers(4, 4) });
    const c = await h.organisation(
      '儿童托管中心',
      { categories: ['child_care'], serviceAreaCodes: ['XZ-GL'] },
      { workers: workers(2, 2) },
    );
    const d = await h.organisation('受处分机构', {}, { workers: workers(2, 2) });
    const e = await h.organisation('未核验机构', {}, { verify: false, workers: workers(2, 2) });
    const f = await h.organisation('无持证社工机构', {}, { workers: workers(0, 3) });
    await h
      .http()
      .post(`/api/procurement/organisations/${d.organisationId}/sanctions`)
      .set(h.as(h.tokens.official))
      .send({ kind: 'suspension', reason: '年检不合格', until: '2027-01-01T00:00:00.000Z' })
      .expect(201);

    // Fulfilment's events: organisation A delivered a contract to final acceptance.
    const contractId = newId();
    const now = h.clock.now();
    const cause = { correlationId: 'history', causationId: null };
    const at = now.toISOString();
    await h.system.host.bus.publish([
      createEvent(ContractSigned, {
        source: '/sanshe/fulfilment',
        subject: contractId,
        now,
        cause,
        data: {
          contractId,
          tenderId: newId(),
          projectId: newId(),
          organisationId: a.organisationId,
          needIds: [newId()],
          valueFen: 50_000_00,
          signedAt: at,
        },
      }),
      ...(['signing', 'mid_term_evaluation', 'final_acceptance'] as const).map((kind) =>
        createEvent(MilestoneAccepted, {
          source: '/sanshe/fulfilment',
          subject: contractId,
          now,
          cause,
          data: { contractId, milestoneId: newId(), kind, acceptedAt: at },
        }),
      ),
      createEvent(NeedFulfilled, {
        source: '/sanshe/fulfilment',
        subject: contractId,
        now,
        cause,
        data: { needId: newId(), contractId, fulfilledAt: at },
      }),
    ]);
    await h.settle();

    const tender = await h.tender({
      eligibility: {
        organisationKinds: ['private_non_enterprise_unit', 'social_association', 'foundation'],
        serviceAreaCodes: [],
        minCertifiedSocialWorkerPercent: 30,
      },
    });
    expect(
      (await h.http().get(`/api/procurement/tenders/${tender.tenderId}/recommendations`).set(h.as(a.token))).status,
    ).toBe(403);
    const res = await h
      .http()
      .get(`/api/procurement/tenders/${tender.tenderId}/recommendations`)
      .set(h.as(h.tokens.official));
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{
      organisationId: string;
      rank: number;
      score: number;
      factors: Record<string, { score: number; reason: string }>;
      reasons: string[];
    }>;
    expect(items.map((i) => i.organisationId)).toEqual([a.organisationId, b.organisationId, c.organisationId]);
    expect(items[0]!.factors).toMatchObject({
      category: { score: 1, reason: 'serves elderly_care' },
      serviceArea: { score: 1, reason: 'serves 1 of the 1 communities (XZ-GL-HL-01)' },
      capacity: { score: 1, reason: '0 active contracts of at most 3; 12 staff' },
      certifiedShare: { score: 0.5, reason: '50% of 4 social workers hold a certificate' },
      pastPerformance: { score: 1, reason: '1 contracts, 1 completed, 3 milestones accepted, 1 needs fulfilled' },
    });
    expect(items[1]!.factors.serviceArea!).toEqual({ score: 0, reason: 'serves 0 of the 1 communities' });
    expect(items[1]!.factors.pastPerformance!.reason).toBe('no contracts on the platform yet (neutral)');
    expect(items[2]!.factors.category!).toEqual({ score: 0, reason: 'does not list elderly_care' });
    const excluded = new Map(
      (res.body.excluded as Array<{ organisationId: string; reasons: string[] }>).map((x) => [
        x.organisationId,
        x.reasons,
      ]),
    );
    expect(excluded.get(d.organisationId)).toEqual(['is suspended']);
    expect(excluded.get(e.organisationId)).toEqual(['registration not yet verified']);
    expect(excluded.get(f.organisationId)).toEqual(['0% certified social workers, below the required 30%']);
  });
});
