import type { Grant360 } from '../src/domain/open-data/three-sixty-giving';
import type { HsdsPage, HsdsService } from '../src/domain/open-data/hsds';
import { buildExportsWorld, EXPORTS_ENV, PREFIX, type ExportsDriver, type ExportsWorld } from './exports-world';
import { assertValid, openDataValidators, type OpenDataValidators } from './open-data-schemas';

type Package = { grants: Grant360[]; [k: string]: unknown };

/**
 * The open-data exports, fetched over HTTP and validated against the official schemas;
 * the same suite runs on the embedded store and on the MongoDB-wire server.
 */
export function exportsSuite(title: string, start: (env: NodeJS.ProcessEnv) => Promise<ExportsDriver>): void {
  describe(title, () => {
    let d: ExportsDriver;
    let v: OpenDataValidators;
    let w: ExportsWorld;

    beforeAll(async () => {
      v = openDataValidators();
      d = await start(EXPORTS_ENV);
      w = await buildExportsWorld(d);
    });
    afterAll(() => d?.close());

    /** Anonymous, as anyone on the web would fetch them. */
    const fetch = (path: string) => d.http().get(`/api/fulfilment/exports${path}`);
    const grants = async (query = '') => {
      const res = await fetch(`/360giving${query}`);
      expect(res.status).toBe(200);
      assertValid(v.grantsPackage, res.body, '360Giving package');
      for (const g of (res.body as Package).grants) assertValid(v.grant, g, `grant ${g.id}`);
      return res.body as Package;
    };
    const services = async (query = '') => {
      const res = await fetch(`/hsds/services${query}`);
      expect(res.status).toBe(200);
      assertValid(v.servicesPage, res.body, 'HSDS page');
      return res.body as HsdsPage;
    };
    const grantOf = (pkg: Package, c: { [k: string]: unknown }) =>
      pkg.grants.find((g) => g.id === `${PREFIX}-${(c.source as { grantId: string }).grantId}`)!;

    test('the validators bite: a spoilt grant or service is refused', async () => {
      const pkg = await grants();
      const spoilt = (change: Partial<Grant360>) => ({ ...pkg, grants: [{ ...pkg.grants[0]!, ...change }] });
      expect(v.grantsPackage(spoilt({ currency: 'RMB' as 'CNY' }))).toBe(false);
      expect(v.grantsPackage(spoilt({ awardDate: '2026-13-01' }))).toBe(false);
      expect(v.grantsPackage(spoilt({ recipientOrganization: [] }))).toBe(false);
      expect(v.grantsPackage({ ...pkg, grants: [] })).toBe(false);
      const page = await services('?full=true');
      const one = page.contents[0]!;
      expect(v.servicesPage({ ...page, contents: [{ ...one, status: 'closed' }] })).toBe(false);
      expect(v.servicesPage({ ...page, contents: [{ ...one, id: 'contract-1' }] })).toBe(false);
      expect(
        v.servicesPage({
          ...page,
          contents: [{ ...one, organization: { ...one.organization, description: undefined } }],
        }),
      ).toBe(false);
      expect(v.servicesPage({ ...page, total_items: '5' })).toBe(false);
    });

    test('360Giving: every grant (and no tender contract) in a package valid against the standard', async () => {
      const pkg = await grants();
      expect(pkg.grants).toHaveLength(4);
      expect(pkg).toMatchObject({ version: '1.4', identifier: `${PREFIX}-grants` });
      expect(pkg.grants.every((g) => g.id.startsWith(`${PREFIX}-`))).toBe(true);
      // Closed codelists the schema does not enforce as enums.
      const scopes = v.codelist('locationScope');
      const countries = v.codelist('countryCode');
      for (const g of pkg.grants) {
        expect(v.codelist('currency').has(g.currency)).toBe(true);
        if (g.locationScope) expect(scopes.has(g.locationScope)).toBe(true);
        for (const l of g.beneficiaryLocation ?? []) expect(countries.has(l.countryCode)).toBe(true);
      }
      expect(JSON.stringify(pkg)).not.toContain(w.contracts.tender.contractId);
    });

    test('360Giving: amounts in yuan, the amended value, the terminated and completed grants', async () => {
      const pkg = await grants();
      const { g1, g2, g3, g4 } = w.contracts;
      expect(grantOf(pkg, g1)).toMatchObject({
        title: '独居老人送餐',
        currency: 'CNY',
        amountAwarded: 120000,
        amountDisbursed: 50000,
        awardDate: w.round1.awardedAt,
        plannedDates: [{ startDate: g1.period.startDate, endDate: '2027-06-01' }],
        recipientOrganization: [{ id: `CN-USCI-${w.usccA}`, name: '鼓楼区乐龄社工服务中心' }],
        fundingOrganization: [{ id: `${PREFIX}-funder-GL-MZJ`, name: '鼓楼区民政局' }],
        grantProgramme: [{ code: w.ids.round1, title: '2026年鼓楼区公益创投' }],
        beneficiaryLocation: [
          { id: 'XZ-GL-HL-01', countryCode: 'CN' },
          { id: 'XZ-GL-HL-02', countryCode: 'CN' },
        ],
        locationScope: 'GLS060',
      });
      const ended = grantOf(pkg, g2);
      expect(ended.amountAwarded).toBe(ended.amountDisbursed);
      expect(ended.amountAwarded).toBeGreaterThan(0);
      expect(ended.actualDates).toEqual([expect.objectContaining({ description: '合同提前终止' })]);
      expect(ended.description).toContain('资助额33333.33元');
      const done = grantOf(pkg, g3);
      expect(done.amountAwarded).toBe(12345.67);
      expect(done.actualDates).toEqual([expect.objectContaining({ description: '结项' })]);
      // Neither programme nor registration known: the recipient and funder get ids under the prefix.
      expect(grantOf(pkg, g4)).toMatchObject({
        recipientOrganization: [{ id: `${PREFIX}-org-${w.ids.orgC}`, name: '未登记的社区自组织' }],
        fundingOrganization: [{ id: `${PREFIX}-publisher` }],
        grantProgramme: [{ code: w.ids.round2, title: '2026年社区微创投' }],
      });
      expect(grantOf(pkg, g4)).not.toHaveProperty('beneficiaryLocation');
    });

    test('360Giving filters: by round, changed since; a package that would be empty is a 404', async () => {
      expect((await grants(`?roundId=${w.ids.round2}`)).grants).toHaveLength(1);
      const changed = await grants(`?since=${encodeURIComponent(w.changedFrom)}`);
      expect(changed.grants.map((g) => g.title).sort()).toEqual(['助餐点建设', '独居老人送餐', '邻里守望']);
      const none = await fetch('/360giving?since=2099-01-01');
      expect(none.status).toBe(404);
      expect(none.body.code).toBe('FULFILMENT.NO_GRANTS');
      const bad = await fetch('/360giving?roundId=round-1&since=yesterday');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.roundId', 'query.since']);
    });

    test('HSDS: one service per contract, paginated as the HSDS API answers, statuses from the contracts', async () => {
      const page = await services();
      expect(page).toMatchObject({ total_items: 5, total_pages: 1, page_number: 1, size: 5, first_page: true });
      // The listing holds one-to-one fields only.
      expect(page.contents.every((s) => !('service_areas' in s) && !('attributes' in s))).toBe(true);
      const full = await services('?full=true');
      for (const s of full.contents) assertValid(v.service, s, `service ${s.id}`);
      const service = (c: { contractId: string }) => full.contents.find((s) => s.id === c.contractId)!;
      const { g1, g2, g3, g4, tender } = w.contracts;
      expect([g1, g2, g3].map((c) => service(c).status)).toEqual(['active', 'defunct', 'inactive']);
      expect(service(tender)).toMatchObject({
        name: '黄楼社区居家养老服务项目',
        organization_id: w.ids.orgA,
        description: expect.stringContaining('每周为独居老人送餐三次'),
        service_areas: [expect.objectContaining({ name: 'XZ-GL-HL-03' })],
        attributes: [expect.objectContaining({ taxonomy_term: expect.objectContaining({ code: 'elderly_care' }) })],
        funding: [
          { id: expect.any(String), service_id: tender.contractId, source: expect.stringContaining('鼓楼区民政局') },
        ],
      });
      expect(service(tender).organization.organization_identifiers).toEqual([
        expect.objectContaining({ identifier_scheme: 'CN-USCI', identifier: w.usccA }),
      ]);
      expect(service(g4).organization).toMatchObject({ name: '未登记的社区自组织', organization_identifiers: [] });
      expect(service(g1).service_areas?.map((a) => a.name)).toEqual(['XZ-GL-HL-01', 'XZ-GL-HL-02']);
    });

    test('HSDS paging and filters; bad parameters are 400s naming them', async () => {
      const last = await services('?per_page=2&page=3');
      expect(last).toMatchObject({ total_items: 5, total_pages: 3, size: 1, first_page: false, last_page: true });
      const ids = new Set<string>();
      for (const p of [1, 2, 3]) for (const s of (await services(`?per_page=2&page=${p}`)).contents) ids.add(s.id);
      expect(ids.size).toBe(5);
      const orgB = await services(`?organization_id=${w.ids.orgB}`);
      expect(orgB.contents.map((s: HsdsService) => s.id)).toEqual([w.contracts.g2.contractId]);
      expect((await services(`?modified_after=${encodeURIComponent(w.changedFrom)}`)).total_items).toBe(3);
      const bad = await fetch('/hsds/services?per_page=500&full=maybe');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.full', 'query.per_page']);
    });

    test('open data is public, the same for every caller, and holds no personal or internal facts', async () => {
      const anonymous = [await fetch('/360giving'), await fetch('/hsds/services?full=true')];
      const official = await d.sign({ sub: 'official-2', roles: ['official'] });
      const signedIn = [
        await fetch('/360giving').set('Authorization', `Bearer ${official}`),
        await fetch('/hsds/services?full=true').set('Authorization', `Bearer ${official}`),
      ];
      expect(anonymous.map((r) => r.status)).toEqual([200, 200]);
      expect(signedIn.map((r) => r.body)).toEqual(anonymous.map((r) => r.body));
      expect(anonymous[0]!.headers['cache-control']).toBe('public, max-age=300');
      const text = anonymous.map((r) => r.text).join('\n');
      for (const secret of w.secrets) expect(text).not.toContain(secret);
      const doc = (await d.http().get('/api/fulfilment/openapi.json')).body as {
        paths: Record<string, { get: { security?: unknown } }>;
      };
      expect(doc.paths['/exports/360giving']?.get.security).toBeUndefined();
      expect(doc.paths['/exports/hsds/services']?.get.security).toBeUndefined();
    });
  });
}
