import { FC1, HL1, HL2, needLogged, PL1, startDesign, tokens, type DesignSystem } from './support';

interface SuggestionBody {
  key: string;
  level: string;
  areaCode: string;
  communityCodes: string[];
  multiCommunity: boolean;
  needsCount: number;
  beneficiaries: number;
  urgency: Record<string, number>;
  oldestLoggedAt: string;
  oldestWaitingDays: number;
  needIds: string[];
  draftBudget: { totalFen: number; lines: Array<{ kind: string; amountFen: number }> } | null;
}

describe('project suggestions from open needs (project-design, embedded)', () => {
  let sys: DesignSystem;
  let t: Awaited<ReturnType<typeof tokens>>;

  beforeAll(async () => {
    sys = await startDesign();
    t = await tokens(sys.issuer);
    await sys.publish([
      // Huanglou 1: four elderly-care needs, enough for a project of its own.
      needLogged(HL1, { urgency: 'critical', beneficiaryCount: 2, loggedAt: '2026-02-10T01:00:00.000Z' }),
      needLogged(HL1, { urgency: 'high' }),
      needLogged(HL1, { urgency: 'normal' }),
      needLogged(HL1, { urgency: 'low', beneficiaryGroups: ['elderly'] }),
      // Huanglou 2 and Fengcheng: too few alone.
      needLogged(HL2, { urgency: 'high', loggedAt: '2026-02-20T01:00:00.000Z' }),
      needLogged(HL2, { urgency: 'normal' }),
      needLogged(FC1, { urgency: 'normal' }),
      // After-school care in Huanglou 1 and 2: two small community cells of one street → one multi-community suggestion.
      needLogged(HL1, { category: 'after_school_care', beneficiaryGroups: ['child'], beneficiaryCount: 2 }),
      needLogged(HL1, { category: 'after_school_care', beneficiaryGroups: ['child'] }),
      needLogged(HL2, { category: 'after_school_care', beneficiaryGroups: ['child'], beneficiaryCount: 3 }),
      // Another district.
      needLogged(PL1, { urgency: 'critical' }),
      needLogged(PL1, { urgency: 'critical' }),
      needLogged(PL1, { urgency: 'critical' }),
    ]);
  });
  afterAll(() => sys.host.close());

  const get = async (token: string, query: string) => {
    const res = await sys.http().get(`/api/design/suggestions?${query}`).set(sys.as(token));
    expect(res.status).toBe(200);
    return res.body as {
      openNeeds: number;
      suggestions: SuggestionBody[];
      belowThreshold: { clusters: number; needs: number };
    };
  };

  test('a community with enough needs stands alone; smaller ones of a street are merged into one multi-community suggestion', async () => {
    const body = await get(t.official, 'minNeeds=3&area=XZ-GL');
    expect(body.openNeeds).toBe(10);
    const byKey = new Map(body.suggestions.map((s) => [s.key, s]));
    expect(byKey.get('elderly_care|community:XZ-GL-HL-01|elderly')).toMatchObject({
      level: 'community',
      needsCount: 4,
      beneficiaries: 5,
      urgency: { critical: 1, high: 1, normal: 1, low: 1 },
      oldestLoggedAt: '2026-02-10T01:00:00.000Z',
      oldestWaitingDays: 20,
      multiCommunity: false,
      draftBudget: {
        totalFen: 20_000_00 + 5 * 3_000_00,
        lines: [
          { kind: 'personnel', amountFen: 21_000_00 },
          { kind: 'activities', amountFen: 8_750_00 },
          { kind: 'materials', amountFen: 3_500_00 },
          { kind: 'administration', amountFen: 1_750_00 },
        ],
      },
    });
    expect(byKey.get('after_school_care|street:XZ-GL-HL|child')).toMatchObject({
      level: 'street',
      communityCodes: [HL1.community, HL2.community],
      multiCommunity: true,
      needsCount: 3,
      beneficiaries: 6,
    });
    // Elderly care: Huanglou 2 (2) stays below the threshold on its own street; Fengcheng (1) too.
    expect(body.belowThreshold).toEqual({ clusters: 2, needs: 3 });
    // The oldest need comes first, so a project made from the suggestion takes the longest waiting.
    const elderly = byKey.get('elderly_care|community:XZ-GL-HL-01|elderly')!;
    expect(elderly.needIds).toHaveLength(4);
  });

  test('the most pressing suggestions come first: weighted by urgency, then by the longest wait', async () => {
    const body = await get(t.official, 'minNeeds=3');
    expect(body.suggestions.map((s) => s.key)).toEqual([
      'elderly_care|community:XZ-YL-PL-01|elderly',
      'elderly_care|community:XZ-GL-HL-01|elderly',
      'after_school_care|street:XZ-GL-HL|child',
    ]);
  });

  test('staff see suggestions of their communities only; a street official those of the street', async () => {
    const staff = await get(t.staff, 'minNeeds=1');
    expect(new Set(staff.suggestions.flatMap((s) => s.communityCodes))).toEqual(new Set([HL1.community]));
    const street = await get(t.street, 'minNeeds=1&level=community');
    expect(new Set(street.suggestions.flatMap((s) => s.communityCodes))).toEqual(
      new Set([HL1.community, HL2.community]),
    );
    const outside = await get(t.staff, 'minNeeds=1&area=XZ-YL');
    expect(outside.suggestions).toEqual([]);
  });

  test('a fixed level clusters by grid, community or street alone', async () => {
    const streets = await get(t.official, 'minNeeds=1&level=street&category=elderly_care');
    expect(streets.suggestions.map((s) => [s.areaCode, s.needsCount])).toEqual([
      ['XZ-GL-HL', 6],
      ['XZ-YL-PL', 3],
      ['XZ-GL-FC', 1],
    ]);
    const grids = await get(t.official, 'minNeeds=1&level=grid&category=after_school_care');
    expect(grids.suggestions.map((s) => s.level)).toEqual(['grid', 'grid']);
  });

  test('an administrator changes a unit-cost benchmark and the draft budgets follow; without a benchmark there is none', async () => {
    const put = await sys
      .http()
      .put('/api/design/unit-costs/after_school_care')
      .set(sys.as(t.admin))
      .send({
        perBeneficiaryFen: 1_000_00,
        baseFen: 0,
        lineShares: { personnel: 50, activities: 50, materials: 0, administration: 0 },
      });
    expect(put.status).toBe(200);
    expect(
      (await sys.http().put('/api/design/unit-costs/after_school_care').set(sys.as(t.staff)).send(put.body)).status,
    ).toBe(403);
    const body = await get(t.official, 'minNeeds=3&category=after_school_care');
    expect(body.suggestions[0]!.draftBudget).toMatchObject({
      totalFen: 6_000_00,
      lines: [
        { kind: 'personnel', amountFen: 3_000_00 },
        { kind: 'activities', amountFen: 3_000_00 },
      ],
    });
    await sys.publish([needLogged(HL1, { category: 'new_category' }), needLogged(HL1, { category: 'new_category' })]);
    const none = await get(t.official, 'minNeeds=2&category=new_category');
    expect(none.suggestions[0]!.draftBudget).toBeNull();
  });

  test('bad query values are a 400 problem naming the parameter', async () => {
    const res = await sys.http().get('/api/design/suggestions?level=planet&minNeeds=0').set(sys.as(t.official));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['query.level', 'query.minNeeds']),
    );
  });
});
