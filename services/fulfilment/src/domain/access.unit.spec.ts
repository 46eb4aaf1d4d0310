import { canDisburse, canSeeContract, fundsWith, isFunderScoped, lacksFunderScope, type Actor } from './access';

const actor = (roles: string[], extra: Partial<Actor> = {}): Actor => ({ roles, organisationId: null, ...extra });
const funderA = actor(['funder'], { funderCode: 'FUNDER-A' });
const contract = { organisationId: 'org-1' };

describe('who may see and pay a contract, and read a funder view', () => {
  test('a funder sees only contracts drawn on their own programmes', () => {
    expect(canSeeContract(funderA, contract, 'FUNDER-A')).toBe(true);
    expect(canSeeContract(funderA, contract, 'FUNDER-B')).toBe(false);
    // A contract whose funder is not (yet) known is nobody's funder's.
    expect(canSeeContract(funderA, contract, null)).toBe(false);
    expect(canSeeContract(actor(['funder']), contract, 'FUNDER-A')).toBe(false);
  });

  test('officials, administrators and evaluators see every contract; an organisation its own', () => {
    expect(canSeeContract(actor(['official']), contract, 'FUNDER-B')).toBe(true);
    expect(canSeeContract(actor(['admin']), contract, null)).toBe(true);
    expect(canSeeContract(actor(['evaluator']), contract, null)).toBe(true);
    expect(canSeeContract(actor(['org_user'], { organisationId: 'org-1' }), contract, null)).toBe(true);
    expect(canSeeContract(actor(['org_user'], { organisationId: 'org-2' }), contract, null)).toBe(false);
  });

  test("a funder disburses only their own programmes' tranches; an official any", () => {
    expect(canDisburse(funderA, 'FUNDER-A')).toBe(true);
    expect(canDisburse(funderA, 'FUNDER-B')).toBe(false);
    expect(canDisburse(actor(['official']), 'FUNDER-B')).toBe(true);
    expect(canDisburse(actor(['org_user'], { organisationId: 'org-1' }), 'FUNDER-A')).toBe(false);
  });

  test('a funder token without a funder code is refused; oversight roles are not funder-scoped', () => {
    expect(lacksFunderScope(actor(['funder']))).toBe(true);
    expect(lacksFunderScope(funderA)).toBe(false);
    expect(isFunderScoped(actor(['funder', 'official']))).toBe(false);
    expect(fundsWith(actor(['admin']), 'FUNDER-B')).toBe(true);
    expect(fundsWith(funderA, 'FUNDER-B')).toBe(false);
  });
});
