import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, newTenderKeyPair, seal, unseal } from './sealing';

describe('sealing bid content', () => {
  const content = Buffer.from(JSON.stringify({ priceFen: 98_000_00, proposal: '每周上门两次', nonce: 'n' }));

  test('sealed with the tender’s public key, opened only with its private key and the same bid identity', () => {
    const pair = newTenderKeyPair();
    const box = seal(pair.publicKey, content, 'bid-1');
    expect(box.data).not.toContain('每周');
    expect(unseal(pair.privateKey, box, 'bid-1').equals(content)).toBe(true);
    expect(() => unseal(pair.privateKey, box, 'bid-2')).toThrow();
    expect(() => unseal(newTenderKeyPair().privateKey, box, 'bid-1')).toThrow();
  });

  test('a changed byte is detected (GCM authentication)', () => {
    const pair = newTenderKeyPair();
    const box = seal(pair.publicKey, content, 'bid-1');
    const data = Buffer.from(box.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    expect(() => unseal(pair.privateKey, { ...box, data: data.toString('base64') }, 'bid-1')).toThrow();
  });

  test('key wrapping under the master key is bound to its associated data', () => {
    const master = randomBytes(32);
    const secret = randomBytes(48);
    const wrapped = encrypt(master, secret, 'tender|2026-03-01T10:00:00.000Z');
    expect(decrypt(master, wrapped, 'tender|2026-03-01T10:00:00.000Z').equals(secret)).toBe(true);
    expect(() => decrypt(master, wrapped, 'tender|2026-02-01T10:00:00.000Z')).toThrow();
    expect(() => encrypt(randomBytes(16), secret, 'x')).toThrow('32-byte');
  });
});
