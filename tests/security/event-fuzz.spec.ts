/**
 * Every event consumer of the four services fed hostile messages on the embedded bus: text
 * that is not JSON, envelopes that are not envelopes, valid envelopes whose data is random
 * JSON, operator-laden, or another event's data. Each must end on the consumer's dead-letter
 * topic (at once when the data's schema refuses it), and no store may change.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { deadLetterTopic, EVENT_CATALOG } from '@sanshe/contracts';
import { ManualClock, type InMemoryEventBus } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';
import { fingerprint } from './fingerprint';
import { operatorObject } from './fuzz-arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);

jest.setTimeout(300_000);

const envelope = (type: string, data: unknown) => ({
  specversion: '1.0',
  id: randomUUID(),
  type,
  source: 'fuzzer',
  subject: randomUUID(),
  time: '2026-03-02T01:00:00.000Z',
  datacontenttype: 'application/json',
  correlationId: randomUUID(),
  causationId: null,
  schemaVersion: 1,
  data,
});

/** Another event type's data, taken from a different shape of the catalogue. */
const foreignData = fc.constantFrom(
  { needId: 'not-a-uuid', status: 'logged' },
  { projectId: randomUUID(), budgetFen: -1 },
  { tenderId: randomUUID(), organisationId: randomUUID(), amountFen: 'a lot' },
  { contractId: randomUUID(), trancheId: randomUUID(), amountFen: 1.5 },
);

describe('fuzzing every event consumer', () => {
  let system: EmbeddedSystem;
  let bus: InMemoryEventBus;

  beforeAll(async () => {
    system = await startEmbedded({ clock: new ManualClock() });
    bus = system.host.inMemoryBus!;
    await system.host.settle();
  });
  afterAll(() => system.host.close());

  test('hostile messages are dead-lettered by each consuming service and change nothing', async () => {
    const consumers = system.host.services.map((s) => ({
      service: s.definition.name,
      types: Object.keys(s.definition.handlers),
    }));
    const consumed = [...new Set(consumers.flatMap((c) => c.types))];
    expect(consumed.length).toBeGreaterThan(15);
    expect(consumed.every((type) => EVENT_CATALOG.some((e) => e.type === type))).toBe(true);
    const before = await fingerprint(system.host.stores);
    const dlqBefore = new Map(consumers.map((c) => [c.service, bus.messages(deadLetterTopic(c.service)).length]));
    const expected = new Map<string, number>();
    let sent = 0;

    const message = fc.oneof(
      fc.string({ maxLength: 80 }).map((text) => ({ raw: text })),
      fc.jsonValue({ maxDepth: 2 }).map((value) => ({ raw: JSON.stringify(value) ?? 'null' })),
      fc.tuple(fc.oneof(fc.jsonValue({ maxDepth: 3 }), operatorObject, foreignData)).map(([data]) => ({ data })),
    );
    for (const type of consumed) {
      const samples = fc.sample(message, { numRuns: RUNS, seed: SEED });
      for (const sample of samples) {
        const raw = 'raw' in sample ? sample.raw : JSON.stringify(envelope(type, sample.data));
        bus.injectRaw(type, randomUUID(), raw);
        sent += 1;
        for (const c of consumers)
          if (c.types.includes(type)) expected.set(c.service, (expected.get(c.service) ?? 0) + 1);
      }
    }
    await system.host.settle();

    for (const c of consumers) {
      const letters = bus.messages(deadLetterTopic(c.service)).length - (dlqBefore.get(c.service) ?? 0);
      expect({ service: c.service, deadLettered: letters }).toEqual({
        service: c.service,
        deadLettered: expected.get(c.service) ?? 0,
      });
    }
    expect(await fingerprint(system.host.stores)).toBe(before);
    process.stdout.write(
      `event fuzz: ${sent} hostile messages over ${consumed.length} consumed event types, all dead-lettered, no store changed\n`,
    );
  });
});
