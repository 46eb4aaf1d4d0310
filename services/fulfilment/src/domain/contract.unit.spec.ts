import { amendContract, disbursementProblem, evaluationProblem, performance, planContract } from './contract';

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

describe('evaluation gates and amendments', () => {
  const three = () =>
    planContract(
      100_000,
      [
        { percent: 30, milestone: 'signing' },
        { percent: 40, milestone: 'mid_term_evaluation' },
        { percent: 30, milestone: 'final_acceptance' },
      ],
      ids,
    );

  test('a failed gate holds its tranche; the reason says so', () => {
    const plan = three();
    plan.milestones[1]!.status = 'failed';
    const contract = { ...plan, valueFen: 100_000, disbursedFen: 0, status: 'active' as const };
    expect(disbursementProblem(contract, plan.tranches[1]!.trancheId)).toMatch(
      /^held: the mid_term_evaluation gate failed/,
    );
  });

  test('gates are evaluated in order, signing is never evaluated, and a failed gate waits for remediation', () => {
    const plan = three();
    const contract = { ...plan, status: 'active' as const };
    const [signing, mid, final] = plan.milestones;
    expect(evaluationProblem(contract, signing!.milestoneId)).toBe('the signing milestone is accepted, not evaluated');
    expect(evaluationProblem(contract, mid!.milestoneId)).toBe('the signing gate must pass first');
    signing!.status = 'accepted';
    expect(evaluationProblem(contract, mid!.milestoneId)).toBeNull();
    expect(evaluationProblem(contract, final!.milestoneId)).toBe('the mid_term_evaluation gate must pass first');
    mid!.status = 'failed';
    expect(evaluationProblem(contract, mid!.milestoneId)).toBe(
      'this gate failed: a remediation must be accepted first',
    );
    expect(evaluationProblem({ ...contract, status: 'terminated' }, final!.milestoneId)).toBe(
      'the contract is terminated',
    );
  });

  test('an amendment keeps paid tranches, re-spreads the rest to the fen, and never goes below what was paid', () => {
    const plan = three();
    plan.tranches[0]!.status = 'disbursed';
    const contract = {
      ...plan,
      valueFen: 100_000,
      disbursedFen: 30_000,
      status: 'active' as const,
      period: { startDate: '2026-03-02', endDate: '2027-03-01' },
    };
    const raised = amendContract(contract, { valueFen: 100_001 });
    if ('problem' in raised) throw new Error(raised.problem);
    expect(raised.tranches.map((t) => t.amountFen)).toEqual([30_000, 40_000, 30_001]);
    expect(amendContract(contract, { valueFen: 29_999 })).toEqual({
      problem: 'the value cannot fall below what has been paid',
    });
    expect(amendContract(contract, { endDate: '2026-01-01' })).toEqual({
      problem: 'the period cannot end before it starts',
    });
    expect(amendContract({ ...contract, status: 'terminated' }, { valueFen: 1 })).toEqual({
      problem: 'the contract is terminated',
    });
  });
});

describe('performance score', () => {
  const evaluation = (milestoneId: string, score: number, passed: boolean) => ({
    evaluationId: `e-${++n}`,
    milestoneId,
    kind: 'mid_term_evaluation' as const,
    score,
    passed,
    summary: '',
    evaluatedBy: 'ev',
    evaluatedAt: '2026-03-02T00:00:00.000Z',
  });

  test('weighs the last score of each gate, delivery, confirmation and first-time passes', () => {
    const result = performance(
      {
        evaluations: [evaluation('m', 52, false), evaluation('m', 80, true), evaluation('f', 90, true)],
        needIds: ['a', 'b', 'c', 'd'],
        fulfilledNeedIds: ['a', 'b', 'c', 'x'],
      },
      { total: 10, confirmed: 8 },
    );
    expect(result.components).toEqual({ evaluation: 85, delivery: 75, confirmation: 80, firstTimePass: 50 });
    expect(result.score).toBe((50 * 85 + 20 * 75 + 15 * 80 + 15 * 50) / 100);
  });

  test('parts with nothing to measure drop out and the rest are rescaled', () => {
    const result = performance(
      { evaluations: [evaluation('f', 90, true)], needIds: [], fulfilledNeedIds: [] },
      { total: 0, confirmed: 0 },
    );
    expect(result.components).toEqual({ evaluation: 90, delivery: null, confirmation: null, firstTimePass: 100 });
    expect(result.score).toBe(Math.round(((50 * 90 + 15 * 100) / 65) * 10) / 10);
  });
});
