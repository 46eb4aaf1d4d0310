import {
  certifiedPercent,
  covers,
  eligibilityChecks,
  standing,
  type OrganisationFacts,
  type Sanction,
} from './organisation';

const sanction = (over: Partial<Sanction>): Sanction => ({
  sanctionId: 's',
  kind: 'suspension',
  reason: '虚假材料',
  from: '2026-03-01T00:00:00.000Z',
  until: '2026-06-01T00:00:00.000Z',
  by: 'official',
  at: 'x',
  liftedAt: null,
  liftedBy: null,
  liftReason: null,
  ...over,
});
const org = (over: Partial<OrganisationFacts> = {}): OrganisationFacts => ({
  kind: 'private_non_enterprise_unit',
  categories: ['elderly_care'],
  serviceAreaCodes: ['XZ-GL-HL'],
  verifiedAt: '2026-01-01T00:00:00.000Z',
  sanctions: [],
  socialWorkers: [
    { workerId: 'w1', name: '甲', certificateLevel: 'intermediate', certificateNumber: 'S1' },
    { workerId: 'w2', name: '乙', certificateLevel: 'assistant', certificateNumber: 'S2' },
    { workerId: 'w3', name: '丙', certificateLevel: 'none', certificateNumber: null },
  ],
  ...over,
});

describe('organisation standing and eligibility', () => {
  test('a suspension is in force only within its period and until lifted; a ban outranks it', () => {
    const suspended = org({ sanctions: [sanction({})] });
    expect(standing(suspended, new Date('2026-02-28T23:59:59Z'))).toBe('verified');
    expect(standing(suspended, new Date('2026-03-15T00:00:00Z'))).toBe('suspended');
    expect(standing(suspended, new Date('2026-06-01T00:00:00Z'))).toBe('verified');
    expect(
      standing(org({ sanctions: [sanction({ liftedAt: '2026-03-02T00:00:00Z' })] }), new Date('2026-03-15T00:00:00Z')),
    ).toBe('verified');
    expect(
      standing(
        org({ sanctions: [sanction({}), sanction({ kind: 'ban', until: null })] }),
        new Date('2030-01-01T00:00:00Z'),
      ),
    ).toBe('banned');
    expect(standing(org({ verifiedAt: null }), new Date())).toBe('registered');
  });

  test('the certified share counts any certificate level, rounded down', () => {
    expect(certifiedPercent(org().socialWorkers)).toBe(66);
    expect(certifiedPercent([])).toBe(0);
  });

  test('serving a street covers its communities, not the other way round', () => {
    expect(covers('XZ-GL-HL', 'XZ-GL-HL-01')).toBe(true);
    expect(covers('XZ-GL-HL-01', 'XZ-GL-HL')).toBe(false);
    expect(covers('XZ-GL-H', 'XZ-GL-HL-01')).toBe(false);
  });

  test('the automatic checks name what failed', () => {
    const checks = eligibilityChecks(
      org(),
      {
        eligibility: {
          organisationKinds: ['foundation'],
          serviceAreaCodes: ['XZ-YL-PL-01'],
          minCertifiedSocialWorkerPercent: 70,
        },
      },
      new Date('2026-03-01T00:00:00Z'),
    );
    expect(checks.filter((c) => !c.passed).map((c) => [c.check, c.detail])).toEqual([
      ['organisation_kind', 'kind private_non_enterprise_unit; allowed: foundation'],
      ['service_area', 'does not serve XZ-YL-PL-01'],
      ['certified_share', '66% certified social workers; at least 70% required'],
    ]);
  });
});
