import request from 'supertest';
import { ManualClock } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';

const GRID = 'XZ-GL-HL-01-G01';
const ID_NUMBER = '11010519491231002X';
const PHONE = '13812345678';

const need = (extra: Record<string, unknown> = {}) => ({
  channel: 'window',
  category: 'elderly_care',
  attributes: { care_type: 'home_visit' },
  gridCode: GRID,
  urgency: 'critical',
  beneficiaryCount: 1,
  beneficiaryGroups: ['elderly', 'living_alone'],
  description: '独居老人需要上门探访',
  contact: { name: '李大爷', phone: PHONE, consent: true },
  residentIdNumber: ID_NUMBER,
  ...extra,
});

describe('needs intake through its HTTP API (embedded)', () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  let system: EmbeddedSystem;
  const t: Record<string, string> = {};
  const http = () => request(system.host.app);
  const as = (who: string) => ({ Authorization: `Bearer ${t[who]}` });

  beforeAll(async () => {
    system = await startEmbedded({ clock });
    const sign = system.issuer.sign;
    t.owner = await sign({ sub: 'staff-owner', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] });
    t.colleague = await sign({ sub: 'staff-colleague', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] });
    t.elsewhere = await sign({ sub: 'staff-yl', roles: ['community_staff'], communities: ['XZ-YL-PL-01'] });
    t.street = await sign({ sub: 'street-hl', roles: ['street_official'], communities: ['XZ-GL-HL'] });
    t.official = await sign({ sub: 'official', roles: ['official'] });
    t.admin = await sign({ sub: 'admin', roles: ['admin'] });
  });
  afterAll(() => system.host.close());

  async function logNeed(body: Record<string, unknown> = need(), who = 'owner') {
    const res = await http().post('/api/intake/needs').set(as(who)).send(body);
    await system.host.settle();
    return res;
  }

  describe('logging', () => {
    test('a need gets a case number, an owner and an SLA deadline; the ID number is kept only as a keyed hash', async () => {
      const res = await logNeed();
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'logged',
        ownerId: 'staff-owner',
        duplicate: false,
        communityCode: 'XZ-GL-HL-01',
        streetCode: 'XZ-GL-HL',
      });
      expect(res.body.sla).toMatchObject({ acknowledgeBy: '2026-03-02T01:30:00.000Z', state: 'on_time' });
      expect(res.body.contact).toEqual({ name: '李大爷', phone: PHONE });
      const stored = await system.host.stores['needs-intake']!.collection('needs').findOne({ _id: res.body.needId });
      expect(JSON.stringify(stored)).not.toContain(ID_NUMBER);
      expect(JSON.stringify(res.body)).not.toContain(ID_NUMBER);
      expect(stored).toMatchObject({ residentKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const logged = system.host.inMemoryBus!.messages('intake.need.logged') as Array<{
        data: Record<string, unknown>;
      }>;
      expect(JSON.stringify(logged)).not.toContain(PHONE);
    });

    test('officials see the phone masked; staff of the community see it in full', async () => {
      const { body } = await logNeed(
        need({ residentIdNumber: undefined, category: 'psychological_care', attributes: {} }),
      );
      const official = await http().get(`/api/intake/needs/${body.needId}`).set(as('official'));
      expect(official.body.contact.phone).toBe('138****5678');
      const colleague = await http().get(`/api/intake/needs/${body.needId}`).set(as('colleague'));
      expect(colleague.body.contact.phone).toBe(PHONE);
      expect((await http().get(`/api/intake/needs/${body.needId}`).set(as('elsewhere'))).status).toBe(404);
    });

    test('the same resident asking again for an open need of the same category is linked, not logged twice', async () => {
      const first = await logNeed(
        need({ category: 'hardship_aid', attributes: { household_size: 3, aid_type: ['living'] } }),
      );
      const again = await logNeed(
        need({ category: 'hardship_aid', attributes: { household_size: 3, aid_type: ['medical'] }, channel: 'phone' }),
      );
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        duplicate: true,
        needId: first.body.needId,
        caseNumber: first.body.caseNumber,
        duplicateReports: 1,
      });
      const linked = system.host.inMemoryBus!.messages('intake.need.duplicate-linked') as Array<{
        data: { needId: string; channel: string };
      }>;
      expect(linked.map((e) => e.data)).toContainEqual(
        expect.objectContaining({ needId: first.body.needId, channel: 'phone' }),
      );
    });

    test("a category's required fields, unknown values and an unknown grid are refused with 422 naming the field", async () => {
      const missing = await logNeed(need({ attributes: {} }));
      expect(missing.status).toBe(422);
      expect(missing.body.errors).toEqual([{ field: 'attributes.care_type', reason: 'Type of care is required' }]);
      const unknownGrid = await logNeed(need({ gridCode: 'XZ-GL-HL-01-G99' }));
      expect(unknownGrid.status).toBe(422);
      expect(unknownGrid.body.errors).toEqual([{ field: 'gridCode', reason: 'not an active grid' }]);
    });

    test('staff cannot log for a grid outside their communities, and contact data needs consent', async () => {
      expect((await logNeed(need({ gridCode: 'XZ-YL-PL-01-G01' }))).status).toBe(403);
      const noConsent = await logNeed(need({ contact: { name: '李大爷', phone: PHONE, consent: false } }));
      expect(noConsent.status).toBe(400);
      expect(noConsent.body.errors[0].field).toBe('body.contact.consent');
    });

    test('a wrong ID check character is refused without echoing the number', async () => {
      const res = await logNeed(need({ residentIdNumber: '110105194912310021' }));
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual({
        field: 'body.residentIdNumber',
        reason: 'invalid resident ID number: check character does not match',
      });
      expect(JSON.stringify(res.body)).not.toContain('110105194912310021');
    });
  });

  describe('life of a need', () => {
    test('owner acknowledges within the SLA; acknowledging again is a 409 with the reason', async () => {
      const { body } = await logNeed(need({ residentIdNumber: undefined, category: 'legal_services', attributes: {} }));
      expect(
        (await http().post(`/api/intake/needs/${body.needId}/acknowledge`).set(as('colleague')).send({})).status,
      ).toBe(403);
      const ack = await http().post(`/api/intake/needs/${body.needId}/acknowledge`).set(as('owner')).send({});
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({ status: 'acknowledged', sla: { state: 'met' } });
      const again = await http().post(`/api/intake/needs/${body.needId}/acknowledge`).set(as('owner')).send({});
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'INTAKE.INVALID_TRANSITION',
        detail: 'only a newly logged need can be acknowledged (it is acknowledged)',
      });
    });

    test('a recorded hand-over moves ownership; the new owner resolves by referral and closes with satisfaction', async () => {
      const { body } = await logNeed(
        need({ residentIdNumber: undefined, category: 'social_security', attributes: {} }),
      );
      const handed = await http()
        .post(`/api/intake/needs/${body.needId}/reassign`)
        .set(as('owner'))
        .send({ to: 'staff-colleague', reason: '同事负责社保业务' });
      expect(handed.body.ownerId).toBe('staff-colleague');
      expect((await http().post(`/api/intake/needs/${body.needId}/acknowledge`).set(as('owner')).send({})).status).toBe(
        403,
      );
      const referred = await http()
        .post(`/api/intake/needs/${body.needId}/resolve`)
        .set(as('colleague'))
        .send({ how: 'referred', referredTo: '区人社局社保窗口', outcome: '已转介并预约办理' });
      expect(referred.body.status).toBe('referred');
      const closed = await http()
        .post(`/api/intake/needs/${body.needId}/close`)
        .set(as('colleague'))
        .send({ satisfaction: 5 });
      expect(closed.body).toMatchObject({ status: 'closed', satisfaction: 5 });
      expect(closed.body.timeline.map((e: { status: string }) => e.status)).toEqual(['logged', 'referred', 'closed']);
      const reassigned = system.host.inMemoryBus!.messages('intake.need.reassigned') as Array<{
        data: { needId: string; reason: string };
      }>;
      expect(reassigned.find((e) => e.data.needId === body.needId)?.data.reason).toBe('同事负责社保业务');
      const rating = await http()
        .post(`/api/intake/needs/${body.needId}/close`)
        .set(as('colleague'))
        .send({ satisfaction: 6 });
      expect(rating.status).toBe(400);
    });

    test('a need taken into a project can no longer be withdrawn or resolved directly', async () => {
      const { body } = await logNeed(
        need({ residentIdNumber: undefined, category: 'community_culture', attributes: {} }),
      );
      await system.host.settle();
      const project = await http()
        .post('/api/design/projects')
        .set(as('owner'))
        .send({
          title: '社区文化活动项目',
          category: 'community_culture',
          needIds: [body.needId],
          fundingMode: 'venture_funding',
        });
      expect(project.status).toBe(201);
      await system.host.settle();
      const withdraw = await http()
        .post(`/api/intake/needs/${body.needId}/withdraw`)
        .set(as('owner'))
        .send({ reason: '居民撤回' });
      expect(withdraw.status).toBe(409);
      expect(withdraw.body.detail).toBe(
        'a need can be withdrawn only before it is taken into a project (it is in_project)',
      );
    });

    test('when its project is cancelled, the need returns to staff and a new project may take it', async () => {
      const { body } = await logNeed(need({ residentIdNumber: undefined, category: 'employment', attributes: {} }));
      await system.host.settle();
      const draft = {
        title: '就业指导项目',
        category: 'employment',
        needIds: [body.needId],
        fundingMode: 'venture_funding',
      };
      const first = await http().post('/api/design/projects').set(as('owner')).send(draft);
      expect(first.status).toBe(201);
      await system.host.settle();
      expect((await http().get(`/api/intake/needs/${body.needId}`).set(as('owner'))).body.status).toBe('in_project');
      clock.advance(60 * 60_000);
      const cancelled = await http()
        .post(`/api/design/projects/${first.body.projectId}/cancel`)
        .set(as('owner'))
        .send({ reason: '项目合并到街道统一采购' });
      expect(cancelled.status).toBe(200);
      await system.host.settle();
      const released = await http().get(`/api/intake/needs/${body.needId}`).set(as('owner'));
      expect(released.body.status).toBe('acknowledged');
      expect(
        released.body.timeline.map((e: { status: string; superseded?: boolean }) => [e.status, e.superseded ?? false]),
      ).toEqual([
        ['logged', false],
        ['in_project', true],
        ['acknowledged', false],
      ]);
      const second = await http()
        .post('/api/design/projects')
        .set(as('owner'))
        .send({ ...draft, title: '就业指导项目（第二期）' });
      expect(second.status).toBe(201);
      await system.host.settle();
      expect((await http().get(`/api/intake/needs/${body.needId}`).set(as('owner'))).body.status).toBe('in_project');
    });

    test('a street official may step in for a need of their street', async () => {
      const { body } = await logNeed(need({ residentIdNumber: undefined, category: 'safety', attributes: {} }));
      await system.host.settle();
      const offered = async () =>
        ((await http().get('/api/design/open-needs').set(as('owner'))).body.items as Array<{ needId: string }>).some(
          (n) => n.needId === body.needId,
        );
      expect(await offered()).toBe(true);
      const res = await http()
        .post(`/api/intake/needs/${body.needId}/withdraw`)
        .set(as('street'))
        .send({ reason: '居民电话撤回' });
      expect(res.body.status).toBe('withdrawn');
      await system.host.settle();
      // project-design's read model follows: a withdrawn need is no longer offered for a project.
      expect(await offered()).toBe(false);
    });
  });

  describe('first-responder SLA', () => {
    test('an unacknowledged critical need is reminded, then escalated to its street once the deadline passes', async () => {
      clock.set('2026-03-03T08:00:00.000Z');
      const { body } = await logNeed(
        need({ residentIdNumber: undefined, category: 'rehabilitation', attributes: { support_needed: ['nursing'] } }),
      );
      const stored = () =>
        system.host.stores['needs-intake']!.collection<{ _id: string; sla: { remindedAt: string | null } }>(
          'needs',
        ).findOne({ _id: body.needId });
      clock.set('2026-03-03T08:23:00.000Z');
      await system.host.settle();
      expect((await stored())?.sla.remindedAt).toBe('2026-03-03T08:23:00.000Z');
      expect((await http().get(`/api/intake/needs/${body.needId}`).set(as('owner'))).body.sla.state).toBe('due_soon');
      clock.set('2026-03-03T08:31:00.000Z');
      await system.host.settle();
      const escalated = (
        system.host.inMemoryBus!.messages('intake.need.escalated') as Array<{
          data: { needId: string; escalatedTo: string };
        }>
      ).filter((e) => e.data.needId === body.needId);
      expect(escalated.map((e) => e.data.escalatedTo)).toEqual(['XZ-GL-HL']);
      const view = await http().get(`/api/intake/needs/${body.needId}`).set(as('owner'));
      expect(view.body.sla).toMatchObject({ state: 'breached', escalatedAt: '2026-03-03T08:31:00.000Z' });
      const late = await http().post(`/api/intake/needs/${body.needId}/acknowledge`).set(as('owner')).send({});
      expect(late.body.sla.state).toBe('missed');
    });

    test('an acknowledged need is never escalated', async () => {
      clock.set('2026-03-04T08:00:00.000Z');
      const { body } = await logNeed(
        need({ residentIdNumber: undefined, category: 'property_management', attributes: {} }),
      );
      await http().post(`/api/intake/needs/${body.needId}/acknowledge`).set(as('owner')).send({});
      clock.set('2026-03-05T08:00:00.000Z');
      await system.host.settle();
      const escalated = system.host.inMemoryBus!.messages('intake.need.escalated') as Array<{
        data: { needId: string };
      }>;
      expect(escalated.some((e) => e.data.needId === body.needId)).toBe(false);
    });
  });

  describe('registry as data', () => {
    test('areas are listed by parent with their grid workers, and the seeded streets are marked demo', async () => {
      const res = await http().get('/api/intake/areas?parentCode=XZ-GL-HL-01').set(as('owner'));
      expect(res.body.items.map((a: { code: string }) => a.code)).toEqual(['XZ-GL-HL-01-G01', 'XZ-GL-HL-01-G02']);
      expect(res.body.items[0]).toMatchObject({
        kind: 'grid',
        demo: true,
        path: ['XZ-GL', 'XZ-GL-HL', 'XZ-GL-HL-01', 'XZ-GL-HL-01-G01'],
      });
      expect(res.body.items[0].gridWorkers).toHaveLength(1);
      const district = await http().get('/api/intake/areas/XZ-GL').set(as('owner'));
      expect(district.body).toMatchObject({ name: '鼓楼区', demo: false });
    });

    test('an admin adds a grid under a community and assigns its workers; a grid under a street is refused', async () => {
      const wrong = await http()
        .post('/api/intake/areas')
        .set(as('admin'))
        .send({ code: 'XZ-GL-HL-G09', kind: 'grid', name: '错误网格', parentCode: 'XZ-GL-HL' });
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors).toEqual([
        { field: 'parentCode', reason: 'a grid must belong to a community, not a street' },
      ]);
      expect(
        (
          await http()
            .post('/api/intake/areas')
            .set(as('owner'))
            .send({ code: 'XZ-GL-HL-01-G03', kind: 'grid', name: '第3网格', parentCode: 'XZ-GL-HL-01' })
        ).status,
      ).toBe(403);
      const created = await http().post('/api/intake/areas').set(as('admin')).send({
        code: 'XZ-GL-HL-01-G03',
        kind: 'grid',
        name: '黄楼社区第3网格',
        parentCode: 'XZ-GL-HL-01',
        demo: true,
      });
      expect(created.status).toBe(201);
      const workers = await http()
        .put('/api/intake/areas/XZ-GL-HL-01-G03/grid-workers')
        .set(as('street'))
        .send({ gridWorkers: [{ staffId: 'gw-new', name: '新网格员' }] });
      expect(workers.body.gridWorkers).toEqual([{ staffId: 'gw-new', name: '新网格员' }]);
      expect(
        (
          await logNeed(
            need({ gridCode: 'XZ-GL-HL-01-G03', residentIdNumber: undefined, category: 'employment', attributes: {} }),
          )
        ).status,
      ).toBe(201);
    });

    test('an admin defines a new category with its own fields, and needs of it are validated against them', async () => {
      const category = await http()
        .put('/api/intake/categories/ageing_retrofit')
        .set(as('admin'))
        .send({
          name: { zh: '适老化改造', en: 'Ageing-friendly home retrofit' },
          group: 'elderly',
          attributes: [
            {
              code: 'rooms',
              label: { zh: '改造房间', en: 'Rooms' },
              datatype: 'multivaluelist',
              required: true,
              order: 1,
              values: [
                { key: 'bathroom', name: { zh: '卫生间', en: 'Bathroom' } },
                { key: 'kitchen', name: { zh: '厨房', en: 'Kitchen' } },
              ],
            },
          ],
        });
      expect(category.status).toBe(200);
      const bad = await logNeed(
        need({ category: 'ageing_retrofit', attributes: { rooms: ['garage'] }, residentIdNumber: undefined }),
      );
      expect(bad.status).toBe(422);
      const good = await logNeed(
        need({ category: 'ageing_retrofit', attributes: { rooms: ['bathroom'] }, residentIdNumber: undefined }),
      );
      expect(good.status).toBe(201);
      const listWithoutValues = await http()
        .put('/api/intake/categories/broken')
        .set(as('admin'))
        .send({
          name: { zh: '坏', en: 'Broken' },
          group: 'x',
          attributes: [
            { code: 'a', label: { zh: 'a', en: 'a' }, datatype: 'singlevaluelist', required: true, order: 1 },
          ],
        });
      expect(listWithoutValues.status).toBe(400);
      expect(listWithoutValues.body.errors[0]).toEqual({
        field: 'body.attributes.0.values',
        reason: 'a list attribute needs values',
      });
    });
  });
});
