import {
  canAuthor,
  canDecide,
  canSeeProject,
  fundsProgramme,
  isOwnSubmission,
  lacksFunderScope,
  type Actor,
} from './access';

const HL1 = { communityCode: 'XZ-GL-HL-01', streetCode: 'XZ-GL-HL', districtCode: 'XZ-GL' };
const HL2 = { communityCode: 'XZ-GL-HL-02', streetCode: 'XZ-GL-HL', districtCode: 'XZ-GL' };
const FC1 = { communityCode: 'XZ-GL-FC-01', streetCode: 'XZ-GL-FC', districtCode: 'XZ-GL' };
const actor = (roles: string[], communities: string[] = [], sub = 'u'): Actor => ({ sub, roles, communities });

describe('who may see, author and decide on a project', () => {
  test('staff see projects touching their communities, and author only those wholly within them', () => {
    const staff = actor(['community_staff'], ['XZ-GL-HL-01']);
    expect(canSeeProject(staff, { areas: [HL1, HL2] })).toBe(true);
    expect(canSeeProject(staff, { areas: [FC1] })).toBe(false);
    expect(canAuthor(staff, { areas: [HL1] })).toBe(true);
    expect(canAuthor(staff, { areas: [HL1, HL2] })).toBe(false);
    expect(canAuthor(actor(['community_staff'], ['XZ-GL-HL']), { areas: [HL1, HL2] })).toBe(true);
  });

  test('a street official decides within the street; a district official and an administrator anywhere; staff never', () => {
    expect(canDecide(actor(['street_official'], ['XZ-GL-HL']), { areas: [HL1, HL2] })).toBe(true);
    expect(canDecide(actor(['street_official'], ['XZ-GL-HL']), { areas: [HL1, FC1] })).toBe(false);
    expect(canDecide(actor(['official']), { areas: [FC1] })).toBe(true);
    expect(canDecide(actor(['admin']), { areas: [FC1] })).toBe(true);
    expect(canDecide(actor(['community_staff'], ['XZ-GL-HL-01']), { areas: [HL1] })).toBe(false);
    expect(canDecide(actor(['street_official'], ['XZ-GL-HL']), { areas: [] })).toBe(false);
  });

  test('a funder sees only the projects drawing on programmes of their own funder code', () => {
    const funder: Actor = { ...actor(['funder']), funderCode: 'FUNDER-A' };
    expect(canSeeProject(funder, { areas: [FC1] }, 'FUNDER-A')).toBe(true);
    expect(canSeeProject(funder, { areas: [FC1] }, 'FUNDER-B')).toBe(false);
    expect(canSeeProject(funder, { areas: [FC1] }, null)).toBe(false);
    // Without a funder code a funder funds nothing, even a programme with an empty-looking code.
    expect(canSeeProject(actor(['funder']), { areas: [FC1] }, 'FUNDER-A')).toBe(false);
    expect(canSeeProject(actor(['official']), { areas: [FC1] }, 'FUNDER-B')).toBe(true);
  });

  test('programmes are scoped to their funder; officials and administrators keep their oversight', () => {
    const funder: Actor = { ...actor(['funder']), funderCode: 'FUNDER-A' };
    expect(fundsProgramme(funder, { funderCode: 'FUNDER-A' })).toBe(true);
    expect(fundsProgramme(funder, { funderCode: 'FUNDER-B' })).toBe(false);
    expect(fundsProgramme(actor(['funder', 'official']), { funderCode: 'FUNDER-B' })).toBe(true);
    expect(fundsProgramme(actor(['admin']), { funderCode: 'FUNDER-B' })).toBe(true);
    expect(fundsProgramme(actor(['community_staff']), { funderCode: 'FUNDER-A' })).toBe(false);
    expect(lacksFunderScope(actor(['funder']))).toBe(true);
    expect(lacksFunderScope(funder)).toBe(false);
    expect(lacksFunderScope(actor(['funder', 'admin']))).toBe(false);
  });

  test('whoever submitted a project does not decide on it', () => {
    expect(isOwnSubmission(actor(['admin'], [], 'a'), { submittedBy: 'a' })).toBe(true);
    expect(isOwnSubmission(actor(['official'], [], 'o'), { submittedBy: 'a' })).toBe(false);
  });
});
