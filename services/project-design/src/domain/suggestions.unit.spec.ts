import {
  draftBudget,
  leadingGroup,
  suggestProjects,
  type ClusterableNeed,
  type SuggestOptions,
  type UnitCost,
} from './suggestions';

let seq = 0;
const need = (over: Partial<ClusterableNeed> = {}): ClusterableNeed => {
  seq += 1;
  return {
    needId: `n${String(seq).padStart(4, '0')}`,
    category: 'elderly_care',
    gridCode: 'HL-01-G1',
    communityCode: 'HL-01',
    streetCode: 'HL',
    urgency: 'normal',
    beneficiaryCount: 1,
    beneficiaryGroups: ['elderly'],
    loggedAt: '2026-03-01T00:00:00.000Z',
    ...over,
  };
};

const ELDERLY: UnitCost = {
  perBeneficiaryFen: 3_000_00,
  baseFen: 20_000_00,
  lineShares: { personnel: 60, activities: 25, materials: 10, administration: 5 },
};
const OPTIONS: SuggestOptions = {
  level: 'auto',
  minNeeds: 3,
  limit: 50,
  now: new Date('2026-03-11T00:00:00.000Z'),
  maxNeedIds: 500,
  unitCosts: new Map([['elderly_care', ELDERLY]]),
};

describe('project suggestions', () => {
  test('needs cluster by category × community × leading group, with counts, beneficiaries, urgency mix and oldest wait', () => {
    const needs = [
      need({ urgency: 'critical', beneficiaryCount: 2, loggedAt: '2026-03-01T00:00:00.000Z' }),
      need({ urgency: 'high', beneficiaryGroups: ['elderly', 'living_alone'] }),
      need({ urgency: 'high', loggedAt: '2026-02-09T00:00:00.000Z' }),
      need({ category: 'employment', beneficiaryGroups: [] }),
    ];
    const { suggestions, belowThreshold } = suggestProjects(needs, OPTIONS);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({
      key: 'elderly_care|community:HL-01|elderly',
      level: 'community',
      areaCode: 'HL-01',
      needsCount: 3,
      beneficiaries: 4,
      urgency: { low: 0, normal: 0, high: 2, critical: 1 },
      groups: { elderly: 3, living_alone: 1 },
      oldestLoggedAt: '2026-02-09T00:00:00.000Z',
      oldestWaitingDays: 30,
      multiCommunity: false,
    });
    expect(suggestions[0]!.needIds[0]).toBe(needs[2]!.needId);
    expect(belowThreshold).toEqual({ clusters: 1, needs: 1 });
  });

  test('small community cells of one street merge into a multi-community suggestion; a lone one stays a community', () => {
    const needs = [
      need({ communityCode: 'HL-01' }),
      need({ communityCode: 'HL-02', gridCode: 'HL-02-G1' }),
      need({ communityCode: 'HL-03', gridCode: 'HL-03-G1' }),
      need({ communityCode: 'FC-01', streetCode: 'FC', gridCode: 'FC-01-G1' }),
      need({ communityCode: 'FC-01', streetCode: 'FC', gridCode: 'FC-01-G2' }),
      need({ communityCode: 'FC-01', streetCode: 'FC', gridCode: 'FC-01-G2' }),
    ];
    const keys = suggestProjects(needs, OPTIONS).suggestions.map((s) => [s.key, s.communityCodes, s.multiCommunity]);
    expect(keys).toEqual(
      expect.arrayContaining([
        ['elderly_care|street:HL|elderly', ['HL-01', 'HL-02', 'HL-03'], true],
        ['elderly_care|community:FC-01|elderly', ['FC-01'], false],
      ]),
    );
    // Two needs alone in one street, with nothing to merge with, stay below the threshold as a community.
    const lone = suggestProjects(
      [need({ communityCode: 'QS-01', streetCode: 'QS' }), need({ communityCode: 'QS-01', streetCode: 'QS' })],
      OPTIONS,
    );
    expect(lone.belowThreshold).toEqual({ clusters: 1, needs: 2 });
  });

  test('a fixed level clusters by grid, community or street alone', () => {
    const needs = [
      need({ gridCode: 'G1' }),
      need({ gridCode: 'G2' }),
      need({ gridCode: 'G2', communityCode: 'HL-02' }),
    ];
    const at = (level: SuggestOptions['level']) =>
      suggestProjects(needs, { ...OPTIONS, level, minNeeds: 1 })
        .suggestions.map((s) => `${s.level}:${s.areaCode}:${s.needsCount}`)
        .sort();
    expect(at('grid')).toEqual(['grid:G1:1', 'grid:G2:2']);
    expect(at('community')).toEqual(['community:HL-01:2', 'community:HL-02:1']);
    expect(at('street')).toEqual(['street:HL:3']);
  });

  test('the most pressing come first: urgency-weighted, then the longest wait; the limit cuts the tail', () => {
    const needs = [
      need({ communityCode: 'A', urgency: 'low', loggedAt: '2026-01-01T00:00:00Z' }),
      need({ communityCode: 'B', urgency: 'critical' }),
      need({ communityCode: 'C', urgency: 'low', loggedAt: '2026-02-01T00:00:00Z' }),
    ];
    const order = suggestProjects(needs, { ...OPTIONS, level: 'community', minNeeds: 1 }).suggestions.map(
      (s) => s.areaCode,
    );
    expect(order).toEqual(['B', 'A', 'C']);
    expect(suggestProjects(needs, { ...OPTIONS, level: 'community', minNeeds: 1, limit: 1 }).suggestions).toHaveLength(
      1,
    );
  });

  test('a suggestion lists at most the needs one project may link, oldest first, and says it was cut', () => {
    const needs = Array.from({ length: 7 }, (_, i) => need({ loggedAt: `2026-02-0${9 - i}T00:00:00.000Z` }));
    const [s] = suggestProjects(needs, { ...OPTIONS, maxNeedIds: 5 }).suggestions;
    expect(s!.needIds).toEqual(
      needs
        .slice(2)
        .reverse()
        .map((n) => n.needId),
    );
    expect(s!.needIdsTruncated).toBe(true);
  });

  test('the draft budget is the unit cost times beneficiaries plus the base, split into lines without losing a fen', () => {
    expect(draftBudget(ELDERLY, 3)).toEqual({
      totalFen: 29_000_00,
      lines: [
        { kind: 'personnel', amountFen: 17_400_00 },
        { kind: 'activities', amountFen: 7_250_00 },
        { kind: 'materials', amountFen: 2_900_00 },
        { kind: 'administration', amountFen: 1_450_00 },
      ],
      basis: { perBeneficiaryFen: 3_000_00, baseFen: 20_000_00, beneficiaries: 3 },
    });
    const odd = draftBudget(
      {
        perBeneficiaryFen: 1,
        baseFen: 0,
        lineShares: { personnel: 33, activities: 33, materials: 34, administration: 0 },
      },
      100,
    );
    expect(odd!.lines.reduce((sum, l) => sum + l.amountFen, 0)).toBe(100);
    expect(draftBudget(undefined, 3)).toBeNull();
  });

  test('the leading group is who the service is for first, then their circumstances', () => {
    expect(leadingGroup(['living_alone', 'elderly'])).toBe('elderly');
    expect(leadingGroup(['low_income', 'disabled'])).toBe('disabled');
    expect(leadingGroup([])).toBe('general');
  });
});
