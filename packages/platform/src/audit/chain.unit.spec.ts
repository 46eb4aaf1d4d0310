import { canonicalJson, chainEntry, GENESIS_HASH, verifyChain, type AuditEntry, type AuditRecord } from './chain';

const record = (n: number): AuditRecord => ({
  kind: 'command',
  key: `request:${n}`,
  at: `2026-03-02T01:00:0${n % 10}.000Z`,
  actor: 'staff-1',
  roles: ['community_staff'],
  action: 'POST /needs',
  resource: `/api/intake/needs/${n}`,
  correlationId: `c-${n}`,
  outcome: 201,
  dataDigest: null,
});

function chainOf(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let n = 1; n <= count; n++) entries.push(chainEntry(record(n), n, entries[n - 2]?.hash ?? GENESIS_HASH));
  return entries;
}

describe('the audit hash chain', () => {
  test('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  test('an untouched chain verifies and reports its head', () => {
    const entries = chainOf(5);
    expect(verifyChain(entries)).toEqual({ ok: true, checked: 5, headHash: entries[4]!.hash, problem: null });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, headHash: GENESIS_HASH, problem: null });
  });

  test('a changed field is caught at its entry', () => {
    const entries = chainOf(5);
    entries[2] = { ...entries[2]!, actor: 'someone-else' };
    expect(verifyChain(entries)).toMatchObject({
      ok: false,
      checked: 2,
      problem: { seq: 3, reason: expect.stringContaining('changed') },
    });
  });

  test('a removed entry leaves a gap', () => {
    const entries = chainOf(5);
    entries.splice(1, 1);
    expect(verifyChain(entries)).toMatchObject({
      ok: false,
      problem: { seq: 2, reason: expect.stringContaining('missing') },
    });
  });

  test('a forged entry with a recomputed hash breaks the link to the next one', () => {
    const entries = chainOf(5);
    const forged = chainEntry({ ...record(3), actor: 'forger' }, 3, entries[1]!.hash);
    entries[2] = forged;
    expect(verifyChain(entries)).toMatchObject({
      ok: false,
      problem: { seq: 4, reason: expect.stringContaining('does not follow') },
    });
  });

  test('two entries swapped in place are caught', () => {
    const entries = chainOf(4);
    const [second, third] = [entries[1]!, entries[2]!];
    entries[1] = { ...third, _id: second._id, seq: 2 };
    entries[2] = { ...second, _id: third._id, seq: 3 };
    expect(verifyChain(entries).ok).toBe(false);
  });
});
