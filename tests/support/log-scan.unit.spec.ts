import { leaksInLine } from './log-scan';

describe('the log scan for personal data', () => {
  test('finds a resident ID number with a valid check character and an unmasked mobile number', () => {
    const line = JSON.stringify({ msg: 'oops', id: '11010519491231002X', contact: '联系 13812345678' });
    expect(
      leaksInLine(line)
        .map((l) => l.kind)
        .sort(),
    ).toEqual(['phone', 'resident_id']);
  });

  test('reports masked samples only', () => {
    for (const leak of leaksInLine('13812345678 11010519491231002X')) {
      expect(leak.sample).not.toMatch(/13812345678|11010519491231002X/);
    }
  });

  test('leaves masked phones, wrong check characters, ids, hashes and timestamps alone', () => {
    const line = JSON.stringify({
      phone: '138****5678',
      notAnId: '110105194912310021',
      requestId: '13812345-6789-4abc-8def-138123456789',
      hash: 'a'.repeat(10) + '13812345678' + 'b'.repeat(10),
      at: 1764201234567,
      amountFen: 13812345678000,
    });
    expect(leaksInLine(line)).toEqual([]);
  });
});
