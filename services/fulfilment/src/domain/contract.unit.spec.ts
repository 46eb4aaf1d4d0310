import { disbursementProblem, planContract } from './contract';

let n = 0;
const ids = () => `id-${++n}`;

describe('contract plan and payment gates', () => {
  test('tranche amounts add up to the contract value to the fen', () => {
    const plan = planContract(
      100_001,
      [
        { percent: 30, milestone: 'signing' },
        { percent: 40, milestone: 'mid_term_evaluation' },
        { percent: 30, milestone: 'final_acceptance' },
      ],
      ids,
    );
    expect(plan.tranches.map((t) => t.amountFen)).toEqual([30_000, 40_000, 30_001]);
    expect(plan.milestones.map((m) => m.kind)).toEqual(['signing', 'mid_term_evaluation', 'final_acceptance']);
  });

  test('a schedule that does not sum to 100% is refused', () => {
    expect(() => planContract(100, [{ percent: 90, milestone: 'signing' }], ids)).toThrow('sum to 100%');
  });

  test('a tranche is payable only after its milestone is accepted, and only once', () => {
    const plan = planContract(1000, [{ percent: 100, milestone: 'signing' }], ids);
    const contract = { ...plan, valueFen: 1000, disbursedFen: 0 };
    const trancheId = plan.tranches[0]!.trancheId;
    expect(disbursementProblem(contract, trancheId)).toBe('the signing milestone has not been accepted');
    contract.milestones[0]!.status = 'accepted';
    expect(disbursementProblem(contract, trancheId)).toBeNull();
    contract.tranches[0]!.status = 'disbursed';
    expect(disbursementProblem(contract, trancheId)).toBe('this tranche has already been paid');
  });

  test('payments never exceed the contract value', () => {
    const plan = planContract(1000, [{ percent: 100, milestone: 'signing' }], ids);
    plan.milestones[0]!.status = 'accepted';
    expect(disbursementProblem({ ...plan, valueFen: 1000, disbursedFen: 1 }, plan.tranches[0]!.trancheId)).toBe(
      'payments would exceed the contract value',
    );
  });
});
