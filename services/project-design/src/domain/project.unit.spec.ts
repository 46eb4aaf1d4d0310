import {
  budgetTotal,
  changedFields,
  commandProblem,
  followedMove,
  needProblems,
  requestedFen,
  servedAreas,
  type ProjectStatus,
} from './project';

describe('project rules', () => {
  describe('workflow transitions', () => {
    const allowed: Array<[Parameters<typeof commandProblem>[1], ProjectStatus[]]> = [
      ['revise', ['draft', 'returned']],
      ['submit', ['draft', 'returned']],
      ['return', ['submitted', 'approved']],
      ['approve', ['submitted']],
      ['publish', ['approved']],
      ['cancel', ['draft', 'submitted', 'returned', 'approved', 'published', 'in_procurement']],
    ];
    const ALL: ProjectStatus[] = [
      'draft',
      'submitted',
      'returned',
      'approved',
      'published',
      'in_procurement',
      'contracted',
      'in_delivery',
      'completed',
      'cancelled',
    ];

    test.each(allowed)('%s is allowed exactly from %j', (command, from) => {
      for (const status of ALL) {
        if (from.includes(status)) expect(commandProblem(status, command)).toBeNull();
        else expect(commandProblem(status, command)).toMatch(new RegExp(`\\(it is ${status}\\)$`));
      }
    });

    test('a draft cannot be approved or published directly, and the reason says why', () => {
      expect(commandProblem('draft', 'approve')).toBe('only a submitted project can be approved (it is draft)');
      expect(commandProblem('draft', 'publish')).toBe('only an approved project can be published (it is draft)');
    });

    test('procurement and fulfilment only move a published project forward', () => {
      expect(followedMove('published', 'in_procurement')).toBe('advance');
      expect(followedMove('published', 'contracted')).toBe('advance');
      expect(followedMove('in_delivery', 'contracted')).toBe('unchanged');
      expect(followedMove('contracted', 'contracted')).toBe('unchanged');
      expect(followedMove('approved', 'in_procurement')).toBe('unchanged');
      expect(followedMove('cancelled', 'contracted')).toBe('unchanged');
      expect(followedMove('in_delivery', 'completed')).toBe('advance');
    });
  });

  describe('budget', () => {
    const lines = [
      { kind: 'personnel' as const, description: 'a', amountFen: 80_000_00 },
      { kind: 'administration' as const, description: 'b', amountFen: 20_000_00 },
    ];
    test('the budget is the sum of its lines, in fen', () => {
      expect(budgetTotal(lines)).toBe(100_000_00);
      expect(budgetTotal([])).toBe(0);
    });
    test('a purchase asks the programme for everything; a venture grant for the budget net of matching funds', () => {
      expect(requestedFen({ budgetLines: lines, fundingMode: 'government_purchase', matchingFundsFen: 0 })).toBe(
        100_000_00,
      );
      expect(requestedFen({ budgetLines: lines, fundingMode: 'venture_funding', matchingFundsFen: 25_000_00 })).toBe(
        75_000_00,
      );
      expect(requestedFen({ budgetLines: lines, fundingMode: 'venture_funding', matchingFundsFen: 200_000_00 })).toBe(
        0,
      );
    });
  });

  describe('linked needs and areas', () => {
    test('needs that are unknown, taken, of another category or repeated are reported by position', () => {
      const open = [
        { needId: 'a', category: 'elderly_care', projectId: null },
        { needId: 'b', category: 'elderly_care', projectId: 'p1' },
        { needId: 'c', category: 'employment', projectId: null },
      ];
      expect(needProblems('elderly_care', ['a', 'b', 'c', 'x'], open)).toEqual([
        { field: 'needIds.1', reason: 'already linked to another project' },
        { field: 'needIds.2', reason: 'need is of category employment' },
        { field: 'needIds.3', reason: 'no such open need' },
      ]);
      expect(needProblems('elderly_care', ['a', 'a'], open)).toEqual([
        { field: 'needIds', reason: 'a need is listed twice' },
      ]);
      // Its own needs are no obstacle to a project being edited.
      expect(needProblems('elderly_care', ['a', 'b'], open, 'p1')).toEqual([]);
    });

    test('the areas served are each community once, sorted, with their streets and districts', () => {
      const served = servedAreas([
        { communityCode: 'XZ-GL-HL-02', streetCode: 'XZ-GL-HL', districtCode: 'XZ-GL' },
        { communityCode: 'XZ-GL-HL-01', streetCode: null, districtCode: null },
        { communityCode: 'XZ-GL-HL-01', streetCode: 'XZ-GL-HL', districtCode: 'XZ-GL' },
      ]);
      expect(served).toEqual({
        areas: [
          { communityCode: 'XZ-GL-HL-01', streetCode: 'XZ-GL-HL', districtCode: 'XZ-GL' },
          { communityCode: 'XZ-GL-HL-02', streetCode: 'XZ-GL-HL', districtCode: 'XZ-GL' },
        ],
        communityCodes: ['XZ-GL-HL-01', 'XZ-GL-HL-02'],
        streetCodes: ['XZ-GL-HL'],
        districtCodes: ['XZ-GL'],
      });
    });

    test('an edit records only the fields whose values changed', () => {
      const before = { title: 'a', objectives: ['x'], budgetLines: [] as unknown[] };
      expect(changedFields(before, { title: 'a', objectives: ['x', 'y'], budgetLines: [] })).toEqual(['objectives']);
      expect(changedFields(before, { title: undefined })).toEqual([]);
    });
  });
});
