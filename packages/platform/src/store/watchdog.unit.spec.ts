import { createReachability, pingWithin } from './watchdog';

describe('store watchdog decisions', () => {
  const policy = { pingMs: 1_000, replaceAfterMs: 30_000, minFailures: 3 };
  function watched() {
    let now = 0;
    const reach = createReachability(policy, () => now);
    return { reach, at: (ms: number) => (now = ms) };
  }

  it('while pings succeed the store is reachable and nothing is replaced', () => {
    const { reach, at } = watched();
    reach.record(true);
    at(60_000);
    reach.record(true);
    expect(reach.unreachableForMs()).toBe(0);
    expect(reach.replaceDue()).toBe(false);
  });

  it('counts the outage from the first failed ping, and replaces once it has lasted replaceAfterMs', () => {
    const { reach, at } = watched();
    at(10_000);
    reach.record(false);
    at(20_000);
    reach.record(false);
    at(39_000);
    reach.record(false);
    expect(reach.unreachableForMs()).toBe(29_000);
    expect(reach.replaceDue()).toBe(false);
    at(40_000);
    expect(reach.replaceDue()).toBe(true);
  });

  it('one long failing ping is not enough: it takes minFailures in a row', () => {
    const { reach, at } = watched();
    reach.record(false);
    at(45_000);
    reach.record(false);
    expect(reach.replaceDue()).toBe(false);
    reach.record(false);
    expect(reach.replaceDue()).toBe(true);
  });

  it('after a replacement that did not help, the next one waits another replaceAfterMs', () => {
    const { reach, at } = watched();
    for (const ms of [0, 10_000, 30_000]) {
      at(ms);
      reach.record(false);
    }
    expect(reach.replaceDue()).toBe(true);
    reach.replaced();
    at(45_000);
    reach.record(false);
    expect(reach.replaceDue()).toBe(false);
    at(60_000);
    expect(reach.replaceDue()).toBe(true);
    // The outage is still counted from its start: liveness judges the whole of it.
    expect(reach.unreachableForMs()).toBe(60_000);
  });

  it('one successful ping ends the outage and its count', () => {
    const { reach, at } = watched();
    for (const ms of [0, 10_000, 40_000]) {
      at(ms);
      reach.record(false);
    }
    reach.record(true);
    expect(reach.unreachableForMs()).toBe(0);
    at(80_000);
    reach.record(false);
    expect(reach.replaceDue()).toBe(false);
  });

  it('a ping that neither answers nor fails counts as failed once its time is up', async () => {
    expect(await pingWithin(() => new Promise(() => undefined), 10)).toBe(false);
    expect(await pingWithin(() => Promise.reject(new Error('down')), 1_000)).toBe(false);
    expect(await pingWithin(() => Promise.resolve({ ok: 1 }), 1_000)).toBe(true);
  });
});
