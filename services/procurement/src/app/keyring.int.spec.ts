import { randomBytes } from 'node:crypto';
import { createEmbeddedStore, ManualClock } from '@sanshe/platform';
import { seal, unseal } from '../domain/sealing';
import type { SealingKeyDocument } from '../adapters/store/repositories';
import { createKeyring } from './keyring';

describe('the sealing keyring', () => {
  const deadline = '2026-03-10T02:00:00.000Z';
  const setup = () => {
    const clock = new ManualClock('2026-03-01T00:00:00.000Z');
    const keys = createEmbeddedStore().collection<SealingKeyDocument>('sealing_keys');
    const master = randomBytes(32);
    return { clock, keys, master, keyring: createKeyring(keys, master, clock) };
  };

  test('hands out the public key at any time, the private key only once the deadline has passed by the server clock', async () => {
    const { clock, keyring } = setup();
    const publicKey = await keyring.publicKey('tender-1', deadline);
    expect(await keyring.publicKey('tender-1', deadline)).toBe(publicKey);
    const box = seal(publicKey, Buffer.from('报价 98000'), 'bid');
    await expect(keyring.privateKey('tender-1')).rejects.toMatchObject({ code: 'PROCUREMENT.BID_SEALED', status: 409 });
    clock.set('2026-03-10T01:59:59.999Z');
    await expect(keyring.privateKey('tender-1')).rejects.toMatchObject({ code: 'PROCUREMENT.BID_SEALED' });
    clock.set(deadline);
    expect(unseal(await keyring.privateKey('tender-1'), box, 'bid').toString()).toBe('报价 98000');
  });

  test('moving the stored date earlier does not open the key: the date is bound into the wrapping', async () => {
    const { clock, keys, keyring } = setup();
    await keyring.publicKey('tender-2', deadline);
    await keys.updateOne({ _id: 'tender-2' }, { $set: { notBefore: '2026-02-01T00:00:00.000Z' } });
    await expect(keyring.privateKey('tender-2')).rejects.toThrow();
    clock.set('2026-03-11T00:00:00.000Z');
    await expect(keyring.privateKey('tender-2')).rejects.toThrow();
  });

  test('the private key is stored only wrapped, and another master key cannot unwrap it', async () => {
    const { clock, keys, keyring } = setup();
    await keyring.publicKey('tender-3', deadline);
    const stored = await keys.findOne({ _id: 'tender-3' });
    expect(Object.keys(stored ?? {}).sort()).toEqual([
      '_id',
      'createdAt',
      'masterKeyId',
      'notBefore',
      'publicKey',
      'wrappedPrivateKey',
    ]);
    clock.set('2026-03-11T00:00:00.000Z');
    const other = createKeyring(keys, randomBytes(32), clock);
    await expect(other.privateKey('tender-3')).rejects.toThrow(/master key/);
  });
});
