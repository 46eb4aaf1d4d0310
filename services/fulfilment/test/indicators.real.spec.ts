import { randomUUID } from 'node:crypto';
import request from 'supertest';
import mongoose from 'mongoose';
import { usccCheckCharacter } from '@sanshe/contracts';
import {
  createMongoStore,
  newId,
  systemClock,
  type DocumentStore,
  type Host,
  type LocalIssuer,
  type Principal,
} from '@sanshe/platform';
import { serviceFactories } from '@sanshe/embedded';
import { describeReal, REAL_INFRA } from '../../../tests/support/infra';
import { eventually, startDistributed } from '../../../tests/support/distributed';
import { createRepositories } from '../src/adapters/store/repositories';
import { indicatorsProjection as ind } from '../src/app/indicators-projection';
import { indicatorsView } from '../src/app/indicators-view';
import { defaultFulfilmentSettings } from '../src/settings';

type Indicator = {
  key: string;
  value: number | null;
  numerator: number | null;
  denominator: number;
  met: boolean | null;
};
const fig = (list: Indicator[], key: string) => {
  const i = list.find((x) => x.key === key)!;
  return [i.value, i.numerator, i.denominator, i.met];
};
const official: Principal = {
  sub: 'official-real',
  name: 'official',
  roles: ['official'],
  organisationId: null,
  communities: [],
  funderCode: null,
};

describeReal('policy indicators on the real MongoDB-wire server, Kafka and Redis', () => {
  describe('the projection’s writes on the MongoDB-wire server', () => {
    const dbName = `ind${randomUUID().slice(0, 8)}`;
    let store: DocumentStore;
    let deps: {
      repos: ReturnType<typeof createRepositories>;
      clock: typeof systemClock;
      settings: typeof defaultFulfilmentSettings;
    };
    beforeAll(async () => {
      store = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName });
      deps = { repos: createRepositories(store), clock: systemClock, settings: defaultFulfilmentSettings };
      await deps.repos.setup();
    });
    afterAll(async () => {
      await store.close();
      const admin = await mongoose.createConnection(REAL_INFRA.mongoUrl, { dbName }).asPromise();
      await admin.dropDatabase();
      await admin.close();
    });

    const grid = (revision: number, gridWorkerCount: number) => ({
      code: 'RS-S-C-G',
      kind: 'grid' as const,
      name: `第${revision}版`,
      parentCode: 'RS-S-C',
      path: ['RS', 'RS-S', 'RS-S-C', 'RS-S-C-G'],
      active: true,
      gridWorkerCount,
      revision,
      changedAt: '2026-03-02T01:00:00.000Z',
    });

    test('an older snapshot never overwrites a newer one; the first resolving step wins in any order', async () => {
      for (const [code, kind, path] of [
        ['RS', 'district', ['RS']],
        ['RS-S', 'street', ['RS', 'RS-S']],
        ['RS-S-C', 'community', ['RS', 'RS-S', 'RS-S-C']],
      ] as const)
        await ind.areaChanged(deps, {
          ...grid(1, 0),
          code,
          kind,
          path: [...path],
          parentCode: path.at(-2) ?? null,
        });
      await ind.areaChanged(deps, grid(3, 1));
      await ind.areaChanged(deps, grid(2, 0));
      await ind.areaChanged(deps, grid(3, 1));
      expect(await deps.repos.indicators.areas.findOne({ _id: 'RS-S-C-G' })).toMatchObject({
        revision: 3,
        gridWorkerCount: 1,
      });

      const organisationId = newId();
      const roster = (revision: number, certificateLevel: 'none' | 'senior') => ({
        organisationId,
        workers: [{ workerId: 'w1', certificateLevel, generalist: true, communityCodes: ['RS-S-C'] }],
        revision,
        changedAt: '2026-03-02T01:00:00.000Z',
      });
      await ind.socialWorkersChanged(deps, roster(5, 'senior'));
      await ind.socialWorkersChanged(deps, roster(4, 'none'));

      // Closed (rated), then resolved earlier, then logged with an offset: three orders of arrival.
      const needId = newId();
      await ind.needClosed(deps, { needId, satisfaction: 4, closedAt: '2026-03-03T01:00:00.000Z' });
      await ind.needResolved(deps, {
        needId,
        how: 'resolved_directly',
        referredTo: null,
        outcome: '已解决',
        resolvedAt: '2026-03-02T13:00:00.000+08:00',
      });
      await ind.needLogged(deps, {
        needId,
        caseNumber: 'NEED-20260302-7K3M9Q',
        category: 'elderly_care',
        channel: 'window',
        communityCode: 'RS-S-C',
        gridCode: 'RS-S-C-G',
        urgency: 'low',
        beneficiaryCount: 1,
        beneficiaryGroups: [],
        loggedAt: '2026-03-02T01:00:00.000Z',
      });
      expect(await deps.repos.indicators.needs.findOne({ _id: needId })).toMatchObject({
        resolvedAt: '2026-03-02T05:00:00.000Z',
        closedAt: '2026-03-03T01:00:00.000Z',
      });

      const view = await indicatorsView(deps, official, { level: 'district', code: 'RS', period: '2026-03' });
      const list = view.rows[0]!.indicators as Indicator[];
      expect(fig(list, 'grid_coverage')).toEqual([100, 1, 1, true]);
      expect(fig(list, 'certified_social_workers')).toEqual([100, 1, 1, true]);
      expect(fig(list, 'generalist_coverage')).toEqual([100, 1, 1, true]);
      expect(fig(list, 'resolution_hours_median')).toEqual([4, null, 1, null]);
      expect(fig(list, 'satisfaction_share_4_plus')).toEqual([100, 1, 1, null]);
      expect(
        fig(
          (await indicatorsView(deps, official, { level: 'district', code: 'RS', period: '2026-04' })).rows[0]!
            .indicators as Indicator[],
          'resolution_hours_median',
        ),
      ).toEqual([null, null, 0, null]);
    });
  });

  describe('end to end: intake, procurement and fulfilment as separate services over Kafka', () => {
    let host: Host;
    let issuer: LocalIssuer;
    // An area code of this run only, so other runs' events on the shared topics do not count.
    const d = `R${randomUUID().slice(0, 6).toUpperCase()}`;
    beforeAll(async () => {
      const factories = serviceFactories({});
      ({ host, issuer } = await startDistributed([factories.intake, factories.procurement, factories.fulfilment], {
        prefix: 'ind',
      }));
    }, 120_000);
    afterAll(async () => {
      await host?.close();
    });

    test('areas, a roster and a need become indicators read over HTTP', async () => {
      const admin = await issuer.sign({ sub: 'admin-real', roles: ['admin'] });
      const staff = await issuer.sign({ sub: 'staff-real', roles: ['community_staff'], communities: [d] });
      const street = await issuer.sign({ sub: 'street-real', roles: ['street_official'], communities: [`${d}-S`] });
      const send = async (method: 'post' | 'put', path: string, token: string, body: object, status = 200) => {
        const res = await request(host.app)[method](path).set('Authorization', `Bearer ${token}`).send(body);
        if (res.status !== status) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as Record<string, unknown>;
      };
      const area = (code: string, kind: string, parentCode: string | null) =>
        send('post', '/api/intake/areas', admin, { code, kind, name: code, parentCode }, 201);
      await area(d, 'district', null);
      await area(`${d}-S`, 'street', d);
      await area(`${d}-S-C1`, 'community', `${d}-S`);
      await area(`${d}-S-C2`, 'community', `${d}-S`);
      await area(`${d}-S-C1-G1`, 'grid', `${d}-S-C1`);
      await area(`${d}-S-C2-G1`, 'grid', `${d}-S-C2`);
      await send('put', `/api/intake/areas/${d}-S-C1-G1/grid-workers`, admin, {
        gridWorkers: [{ staffId: 'gw-real', name: '网格员' }],
      });

      const first17 = `52320300MJ${String(Date.now() % 10_000_000).padStart(7, '0')}`;
      const org = await send(
        'post',
        '/api/procurement/organisations',
        admin,
        {
          uscc: `${first17}${usccCheckCharacter(first17)}`,
          name: `真实环境指标机构${d}`,
          legalRepresentative: '张伟',
          registeredOn: '2019-05-20',
          categories: ['elderly_care'],
          serviceAreaCodes: [d],
        },
        201,
      );
      await send('put', `/api/procurement/organisations/${org.organisationId as string}/social-workers`, admin, {
        workers: [
          {
            workerId: 'w1',
            name: '王芳',
            certificateLevel: 'senior',
            certificateNumber: 'GZ1',
            generalist: true,
            communityCodes: [`${d}-S-C1`],
          },
          { workerId: 'w2', name: '李强', certificateLevel: 'none', communityCodes: [`${d}-S-C2`] },
        ],
      });

      const need = await send(
        'post',
        '/api/intake/needs',
        staff,
        {
          channel: 'window',
          category: 'psychological_care',
          attributes: {},
          gridCode: `${d}-S-C1-G1`,
          urgency: 'low',
          beneficiaryCount: 1,
          beneficiaryGroups: ['elderly'],
          description: '需要心理关爱',
          contact: { name: '居民', phone: '13812345678', consent: true },
        },
        201,
      );
      await send('post', `/api/intake/needs/${need.needId as string}/resolve`, staff, {
        how: 'resolved_directly',
        outcome: '已上门解决',
      });
      await send('post', `/api/intake/needs/${need.needId as string}/close`, staff, { satisfaction: 5 });

      const total = await eventually(async () => {
        const res = await request(host.app)
          .get(`/api/fulfilment/indicators?level=street&code=${d}`)
          .set('Authorization', `Bearer ${street}`);
        const list = res.body.total?.indicators as Indicator[] | undefined;
        const complete =
          list &&
          fig(list, 'grid_coverage')[2] === 2 &&
          fig(list, 'certified_social_workers')[2] === 2 &&
          fig(list, 'satisfaction_mean')[2] === 1;
        return complete ? list : undefined;
      }, 'the indicators of this run’s street');
      expect(fig(total, 'grid_coverage')).toEqual([50, 1, 2, false]);
      expect(fig(total, 'certified_social_workers')).toEqual([50, 1, 2, false]);
      expect(fig(total, 'generalist_coverage')).toEqual([50, 1, 2, true]);
      expect(fig(total, 'satisfaction_mean')).toEqual([5, 5, 1, null]);
      expect(fig(total, 'resolution_hours_median')[2]).toBe(1);
    }, 120_000);
  });
});
