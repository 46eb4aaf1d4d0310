import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { piiHash } from './ids';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ name: 'test', level: 'info', destination }) };
}

describe('logging personal data', () => {
  test('phones, ID numbers, names, tokens and request bodies are redacted', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        resident: { phone: '13812341234', idNumber: '11010519491231002X', name: '李雷' },
        req: { headers: { authorization: 'Bearer secret-token' }, body: { contactPhone: '13912345678' } },
      },
      'logged a need',
    );
    const text = lines.join('');
    for (const secret of ['13812341234', '11010519491231002X', '李雷', 'secret-token', '13912345678'])
      expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    expect(text).toContain('logged a need');
  });
});

describe('keyed hashing of personal data', () => {
  test('the same ID gives the same hash under one key, another under another key, and never the ID itself', () => {
    const a = piiHash('key-one-0123456789', '11010519491231002X');
    expect(a).toBe(piiHash('key-one-0123456789', '11010519491231002x'));
    expect(a).not.toBe(piiHash('key-two-0123456789', '11010519491231002X'));
    expect(a).not.toContain('110105');
  });
});
