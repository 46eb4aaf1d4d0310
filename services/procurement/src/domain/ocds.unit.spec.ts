import { compileReleases, type OcdsRelease } from './ocds';

describe('OCDS compiled release', () => {
  test('merges releases in date order: objects by key, arrays of identified objects by id, the rest replaced', () => {
    const r = (id: string, date: string, body: Record<string, unknown>): OcdsRelease => ({
      ocid: 'ocds-sanshe-1',
      id,
      date,
      tag: ['tender'],
      initiationType: 'tender',
      ...body,
    });
    const compiled = compileReleases([
      r('2', '2026-03-02T00:00:00Z', { tender: { status: 'complete' }, awards: [{ id: 'a1', status: 'active' }] }),
      r('1', '2026-03-01T00:00:00Z', {
        tender: { id: 't', status: 'active', submissionMethod: ['written'] },
        awards: [
          { id: 'a1', status: 'pending', value: { amount: 1 } },
          { id: 'a0', status: 'cancelled' },
        ],
      }),
    ]);
    expect(compiled).toMatchObject({
      id: 'ocds-sanshe-1-compiled',
      date: '2026-03-02T00:00:00Z',
      tag: ['compiled'],
      tender: { id: 't', status: 'complete', submissionMethod: ['written'] },
      awards: [
        { id: 'a1', status: 'active', value: { amount: 1 } },
        { id: 'a0', status: 'cancelled' },
      ],
    });
  });
});
