import type { ExportedContract } from '../src/domain/open-data/common';

/** A grant contract as fulfilment stores it, for the open-data mapping specs. */
export function grantContract(overrides: Partial<ExportedContract> = {}): ExportedContract {
  return {
    _id: '0b5f6c1e-3a1d-4c8e-9f00-1a2b3c4d5e6f',
    source: {
      kind: 'grant',
      roundId: '7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
      grantId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      programmeId: null,
    },
    projectId: null,
    organisationId: 'c0ffee00-1111-4222-8333-444455556666',
    organisationName: '鼓楼区乐龄社工服务中心',
    title: '社区老人助餐',
    category: 'elderly_care',
    valueFen: 123_456_78,
    disbursedFen: 0,
    status: 'active',
    period: { startDate: '2026-03-02', endDate: '2027-03-01' },
    tranches: [
      {
        trancheId: 't1',
        percent: 50,
        milestone: 'signing',
        amountFen: 61_728_39,
        status: 'scheduled',
        disbursedAt: null,
      },
      {
        trancheId: 't2',
        percent: 50,
        milestone: 'final_acceptance',
        amountFen: 61_728_39,
        status: 'scheduled',
        disbursedAt: null,
      },
    ],
    signedAt: '2026-03-02T01:00:00.000Z',
    revision: 1,
    amendments: [],
    termination: null,
    completion: null,
    ...overrides,
  };
}

/** The same grant with its first tranche paid on the given day. */
export function paidFirstTranche(c: ExportedContract, at = '2026-03-05T02:00:00.000Z'): ExportedContract {
  const [first, ...rest] = c.tranches;
  return {
    ...c,
    disbursedFen: first!.amountFen,
    tranches: [{ ...first!, status: 'disbursed', disbursedAt: at }, ...rest],
  };
}
