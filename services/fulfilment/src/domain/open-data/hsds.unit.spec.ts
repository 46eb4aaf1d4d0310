import { grantContract } from '../../../test/open-data-fixture';
import { toPage, toService, type ServiceContext } from './hsds';

const ctx: ServiceContext = {
  organisation: { name: '鼓楼区乐龄社工服务中心', uscc: '52320106MJ5872341X', kind: 'private_non_enterprise_unit' },
  project: { title: '社区老人助餐', objectives: ['每周送餐三次', '建立助餐点'], communityCodes: ['XZ-GL-HL-01'] },
  fundingSource: '鼓楼区民政局（2026年公益创投资金，公益创投）',
};

describe('HSDS service from a contract', () => {
  test('the listing has the one-to-one fields only: the organisation, no nested rows', () => {
    const c = grantContract();
    const s = toService(c, ctx, false);
    expect(s).toEqual({
      id: c._id,
      organization_id: c.organisationId,
      name: '社区老人助餐',
      description: '每周送餐三次；建立助餐点。服务期 2026-03-02 至 2027-03-01。',
      status: 'active',
      last_modified: c.signedAt,
      organization: {
        id: c.organisationId,
        name: '鼓楼区乐龄社工服务中心',
        description: '承接社区服务的民办非企业单位',
        legal_status: '民办非企业单位',
      },
    });
  });

  test('full: the USCC as a CN-USCI identifier, communities as service areas, the category as a term, the funding', () => {
    const c = grantContract();
    const s = toService(c, ctx, true);
    expect(s.organization.organization_identifiers).toEqual([
      expect.objectContaining({
        identifier_scheme: 'CN-USCI',
        identifier: '52320106MJ5872341X',
        organization_id: c.organisationId,
      }),
    ]);
    expect(s.service_areas).toEqual([expect.objectContaining({ service_id: c._id, name: 'XZ-GL-HL-01' })]);
    expect(s.attributes?.[0]).toMatchObject({
      link_id: c._id,
      link_entity: 'service',
      taxonomy_term: { code: 'elderly_care', taxonomy: 'sanshe-service-category' },
    });
    expect(s.attributes?.[0]?.taxonomy_term_id).toBe(s.attributes?.[0]?.taxonomy_term.id);
    expect(s.funding).toEqual([expect.objectContaining({ service_id: c._id, source: ctx.fundingSource })]);
    // The derived rows keep their ids from one export to the next.
    expect(toService(c, ctx, true)).toEqual(s);
  });

  test('statuses: in force is active, completed is inactive, terminated is defunct', () => {
    const status = (s: 'active' | 'completed' | 'terminated') =>
      toService(grantContract({ status: s }), ctx, false).status;
    expect([status('active'), status('completed'), status('terminated')]).toEqual(['active', 'inactive', 'defunct']);
  });

  test('without a project or a registered USCC: the title describes it, no areas, no identifiers', () => {
    const s = toService(
      grantContract(),
      { organisation: { name: '某机构', uscc: null, kind: null }, project: null, fundingSource: null },
      true,
    );
    expect(s.description).toBe('社区老人助餐（elderly_care）。服务期 2026-03-02 至 2027-03-01。');
    expect(s.organization).toMatchObject({
      name: '某机构',
      description: '承接社区服务的社会组织',
      organization_identifiers: [],
    });
    expect(s.organization).not.toHaveProperty('legal_status');
    expect(s.service_areas).toEqual([]);
    expect(s.funding).toEqual([]);
  });
});

describe('HSDS page', () => {
  const one = toService(grantContract(), ctx, false);
  test('the last partial page', () => {
    expect(toPage([one], 5, 3, 2)).toMatchObject({
      total_items: 5,
      total_pages: 3,
      page_number: 3,
      size: 1,
      first_page: false,
      last_page: true,
      empty: false,
    });
  });
  test('the first of several pages', () => {
    expect(toPage([one, one], 5, 1, 2)).toMatchObject({ first_page: true, last_page: false, size: 2 });
  });
  test('nothing to list, and a page past the end', () => {
    expect(toPage([], 0, 1, 50)).toMatchObject({ total_pages: 0, first_page: true, last_page: true, empty: true });
    expect(toPage([], 5, 9, 2)).toMatchObject({ total_pages: 3, last_page: true, empty: true, size: 0 });
  });
});
