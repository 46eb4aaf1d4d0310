import { checkResidentId, checkUscc, MobilePhone } from '@sanshe/contracts';
import { createInProcessJobs, createLogger } from '@sanshe/platform';
import { Agenda } from './agenda';
import { Calendar, chinaDate, inOfficeHours, periodEnd } from './calendar';
import { DemoClock } from './clock';
import { ORGANISATIONS } from './fixtures/organisations';
import { DEMO_REGION, FakeIdentities } from './identities';
import { Random } from './random';

const logger = createLogger({ name: 'demo-test', level: 'silent' });
const at = (iso: string) => new Date(iso);

describe('the demo clock', () => {
  test('moves only forward, then follows real time', () => {
    const clock = new DemoClock(at('2026-05-01T00:00:00.000Z'));
    clock.set(at('2026-06-01T00:00:00.000Z'));
    expect(() => clock.set(at('2026-05-15T00:00:00.000Z'))).toThrow(/never goes back/);
    clock.goLive(60_000);
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1_000);
    expect(() => clock.set(new Date())).toThrow(/live/);
    clock.stop();
  });

  test('in-process jobs fire when the seed moves it, at the time they are due', async () => {
    const clock = new DemoClock(at('2026-05-01T00:00:00.000Z'));
    const jobs = createInProcessJobs({ clock, logger });
    const ranAt: string[] = [];
    jobs.register('escalate', async () => {
      ranAt.push(clock.now().toISOString());
    });
    await jobs.start();
    await jobs.schedule({ name: 'escalate', jobId: 'e1', runAt: at('2026-05-02T00:00:00.000Z'), payload: {} });
    const agenda = new Agenda(clock, () => jobs.idle(), at('2026-05-10T00:00:00.000Z'));
    agenda.wakeAt(at('2026-05-02T00:00:00.000Z'));
    const seen: string[] = [];
    agenda.at(at('2026-05-05T00:00:00.000Z'), 'a later step', async () => {
      seen.push(clock.now().toISOString());
    });
    // Planned after the end of the story: it has not happened yet, so it is left out.
    expect(agenda.at(at('2026-06-01T00:00:00.000Z'), 'the future', async () => undefined)).toBe(false);
    const played = await agenda.run();
    expect(ranAt).toEqual(['2026-05-02T00:00:00.000Z']);
    expect(seen).toEqual(['2026-05-05T00:00:00.000Z']);
    expect(clock.now().toISOString()).toBe('2026-05-10T00:00:00.000Z');
    expect(played.steps).toBe(1);
    await jobs.close();
  });

  test('a failing step stops the story with its label', async () => {
    const clock = new DemoClock(at('2026-05-01T00:00:00.000Z'));
    const agenda = new Agenda(clock, async () => undefined, at('2026-05-10T00:00:00.000Z'));
    agenda.at(at('2026-05-03T00:00:00.000Z'), 'log a need', async () => {
      throw new Error('refused');
    });
    await expect(agenda.run()).rejects.toThrow(/demo step "log a need" at 2026-05-03T00:00:00.000Z failed/);
  });
});

describe('the calendar of the story', () => {
  const cal = new Calendar(at('2026-11-27T20:52:00.000Z')); // 04:52 on 28 November in China

  test('days are China days, hours China hours', () => {
    expect(cal.day(1, 9, 30).toISOString()).toBe('2026-11-27T01:30:00.000Z');
    expect(chinaDate(cal.day(1, 9, 30))).toBe('2026-11-27');
    expect(cal.day(-14, 9, 30).toISOString()).toBe('2026-12-12T01:30:00.000Z');
  });

  test('staff act in office hours', () => {
    expect(inOfficeHours(at('2026-11-27T02:15:00.000Z')).toISOString()).toBe('2026-11-27T02:15:00.000Z');
    expect(inOfficeHours(at('2026-11-27T12:15:00.000Z')).toISOString()).toBe('2026-11-28T00:15:00.000Z');
    expect(inOfficeHours(at('2026-11-27T20:15:00.000Z')).toISOString()).toBe('2026-11-28T00:15:00.000Z');
  });

  test('a year of service ends the day before its anniversary', () => {
    expect(periodEnd('2026-03-01', 12)).toBe('2027-02-28');
  });
});

describe('made-up people and organisations', () => {
  test('ID numbers, phones and credit codes pass the real checks, and are recognisably fake', () => {
    const fake = new FakeIdentities(new Random(7));
    for (let i = 0; i < 50; i++) {
      const id = fake.residentId(1940, 2000);
      expect(checkResidentId(id)).toEqual({ ok: true });
      expect(id.startsWith(DEMO_REGION)).toBe(true);
      expect(MobilePhone.parse(fake.phone())).toMatch(/^19900000\d{3}$/);
      expect(fake.name()).toMatch(/^.某.$/);
    }
    for (const org of ORGANISATIONS) expect(checkUscc(org.uscc)).toMatchObject({ ok: true });
  });

  test('the same seed tells the same story', () => {
    const a = new Random(42);
    const b = new Random(42);
    expect(Array.from({ length: 5 }, () => a.int(0, 1000))).toEqual(Array.from({ length: 5 }, () => b.int(0, 1000)));
  });
});
