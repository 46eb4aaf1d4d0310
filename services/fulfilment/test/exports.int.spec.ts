import { ManualClock } from '@sanshe/platform';
import { startEmbedded } from '@sanshe/embedded';
import request from 'supertest';
import { exportsSuite } from './exports-suite';

exportsSuite('open-data exports: 360Giving grants and the HSDS directory (embedded)', async (env) => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  const system = await startEmbedded({ clock, env, portalDir: false });
  return {
    clock,
    http: () => request(system.host.app),
    sign: (p) => system.issuer.sign(p as Parameters<typeof system.issuer.sign>[0]),
    publish: async (event) => {
      await system.host.bus.publish([event]);
      await system.host.settle();
    },
    close: () => system.host.close(),
  };
});
