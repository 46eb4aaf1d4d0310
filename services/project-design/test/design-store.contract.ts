import type { DocumentStore } from '@sanshe/platform';
import { invariantProblem } from '../src/domain/programme';
import { createOpenNeedsRepository, type NeedDetails } from '../src/adapters/store/open-needs';
import { createProgrammesRepository } from '../src/adapters/store/programmes';

/**
 * The guarded writes project-design relies on, run against both store adapters:
 * budget reservations that cannot over-commit, need claims that cannot double-link,
 * and status facts that never go back in time.
 */
export function designStoreContract(
  name: string,
  open: () => Promise<{ store: DocumentStore; cleanup(): Promise<void> }>,
) {
  describe(`project-design's guarded writes on ${name}`, () => {
    let store: DocumentStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    const meta = { at: '2026-03-02T01:00:00.000Z', by: 'official', reason: 'test' };
    const projectId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

    async function programme(budgetFen: number) {
      const programmes = createProgrammesRepository(store);
      await programmes.setup();
      await programmes.insert(
        {
          _id: 'aaaaaaaa-0000-4000-8000-000000000001',
          name: 'p',
          funderCode: 'F',
          funderName: 'f',
          fiscalYear: 2026,
          mode: 'government_purchase',
          budgetFen,
          reservedFen: 0,
          availableFen: budgetFen,
          matchingPercent: 0,
          maxGrantFen: null,
          areaCodes: [],
          status: 'open',
          reservations: {},
          ledger: [],
          createdBy: 'x',
          createdAt: meta.at,
        },
        [],
      );
      return programmes;
    }

    test('twenty concurrent reservations of 30 on a budget of 250: exactly eight get through, nothing over-commits', async () => {
      const programmes = await programme(250);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          programmes.reserve('aaaaaaaa-0000-4000-8000-000000000001', projectId(i), 30, meta),
        ),
      );
      expect(outcomes.filter((o) => o === 'reserved')).toHaveLength(8);
      expect(outcomes.filter((o) => o === 'insufficient')).toHaveLength(12);
      const after = await programmes.get('aaaaaaaa-0000-4000-8000-000000000001');
      expect(after).toMatchObject({ reservedFen: 240, availableFen: 10 });
      expect(invariantProblem(after!)).toBeNull();
      expect(after!.ledger).toHaveLength(8);
    });

    test('a reservation is held once per project; a release gives it back once', async () => {
      const programmes = await programme(100);
      const id = 'aaaaaaaa-0000-4000-8000-000000000001';
      expect(await programmes.reserve(id, projectId(1), 60, meta)).toBe('reserved');
      expect(await programmes.reserve(id, projectId(1), 60, meta)).toBe('already-held');
      expect((await programmes.get(id))!.availableFen).toBe(40);
      const [first, second] = await Promise.all([
        programmes.release(id, projectId(1), meta),
        programmes.release(id, projectId(1), meta),
      ]);
      expect([first, second].sort()).toEqual([0, 60]);
      const after = await programmes.get(id);
      expect(after).toMatchObject({ reservedFen: 0, availableFen: 100 });
      expect(after!.reservations[projectId(1)]).toMatchObject({ status: 'released', releaseReason: 'test' });
      expect((await programmes.holding(projectId(1))).length).toBe(0);
      expect(await programmes.reserve(id, projectId(1), 60, meta)).toBe('reserved');
      expect((await programmes.holding(projectId(1))).map((p) => p._id)).toEqual([id]);
    });

    const details = (needId: string): NeedDetails => ({
      needId,
      caseNumber: 'NEED-20260301-7K3M9Q',
      category: 'elderly_care',
      districtCode: 'XZ-GL',
      streetCode: 'XZ-GL-HL',
      communityCode: 'XZ-GL-HL-01',
      gridCode: 'XZ-GL-HL-01-G01',
      urgency: 'high',
      beneficiaryCount: 1,
      beneficiaryGroups: ['elderly'],
      loggedAt: '2026-03-01T01:00:00.000Z',
    });

    test('status facts apply only forward in time, whatever the order; a late need.logged keeps the newer status', async () => {
      const needs = createOpenNeedsRepository(store);
      await needs.setup();
      const id = 'bbbbbbbb-0000-4000-8000-000000000001';
      expect(await needs.recordStatus(id, 'withdrawn', '2026-03-01T05:00:00.000Z')).toBe('applied');
      expect(await needs.recordStatus(id, 'acknowledged', '2026-03-01T04:00:00.000Z')).toBe('stale');
      await needs.recordLogged(details(id));
      expect(await needs.get(id)).toMatchObject({
        status: 'withdrawn',
        closed: true,
        caseNumber: 'NEED-20260301-7K3M9Q',
        projectId: null,
      });
      const other = 'bbbbbbbb-0000-4000-8000-000000000002';
      await Promise.all([
        needs.recordStatus(other, 'acknowledged', '2026-03-01T02:00:00.000Z'),
        needs.recordStatus(other, 'resolved', '2026-03-01T03:00:00.000Z'),
        needs.recordLogged(details(other)),
      ]);
      expect(await needs.get(other)).toMatchObject({ status: 'resolved', closed: true });
    });

    test('five projects claiming one need at once: one wins, and only it can release the need', async () => {
      const needs = createOpenNeedsRepository(store);
      await needs.setup();
      const id = 'bbbbbbbb-0000-4000-8000-000000000003';
      await needs.recordLogged(details(id));
      const claims = await Promise.all([1, 2, 3, 4, 5].map((i) => needs.claim(id, projectId(i), meta.at)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const winner = projectId(claims.indexOf(true) + 1);
      const loser = projectId(claims.indexOf(false) + 1);
      await needs.release(id, loser);
      expect((await needs.get(id))?.projectId).toBe(winner);
      await needs.releaseAll(winner);
      expect((await needs.get(id))?.projectId).toBeNull();
    });
  });
}
