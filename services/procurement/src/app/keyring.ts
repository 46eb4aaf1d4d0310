import { conflict, DuplicateKeyError, type Clock, type Collection } from '@sanshe/platform';
import { decrypt, encrypt, keyId, newTenderKeyPair } from '../domain/sealing';
import type { SealingKeyDocument } from '../adapters/store/repositories';

export interface Keyring {
  /** The public sealing key of a tender, created on first use; anyone may seal with it at any time. */
  publicKey(scope: string, notBefore: string): Promise<string>;
  /**
   * The private key that opens the tender's bids. Refused before `notBefore` by the
   * server clock, whoever asks: a code path that forgets access control still cannot
   * read a sealed bid. `notBefore` is bound into the wrapping, so editing the stored
   * date cannot open it early either.
   */
  privateKey(scope: string): Promise<Buffer>;
}

const aad = (scope: string, notBefore: string) => `sanshe-sealing-key|${scope}|${notBefore}`;

export function createKeyring(keys: Collection<SealingKeyDocument>, masterKey: Buffer, clock: Clock): Keyring {
  const masterKeyId = keyId(masterKey);
  return {
    async publicKey(scope, notBefore) {
      const existing = await keys.findOne({ _id: scope });
      if (existing) return existing.publicKey;
      const pair = newTenderKeyPair();
      const doc: SealingKeyDocument = {
        _id: scope,
        publicKey: pair.publicKey,
        wrappedPrivateKey: encrypt(masterKey, pair.privateKey, aad(scope, notBefore)),
        notBefore,
        masterKeyId,
        createdAt: clock.now().toISOString(),
      };
      pair.privateKey.fill(0);
      try {
        await keys.insertOne(doc);
        return doc.publicKey;
      } catch (error) {
        // Two first bids at once: both seal with the key that was stored first.
        if (!(error instanceof DuplicateKeyError)) throw error;
        const winner = await keys.findOne({ _id: scope });
        if (!winner) throw error;
        return winner.publicKey;
      }
    },

    async privateKey(scope) {
      const doc = await keys.findOne({ _id: scope });
      if (!doc) throw conflict('PROCUREMENT.NO_SEALING_KEY', `no sealing key for ${scope}`);
      if (clock.now().getTime() < new Date(doc.notBefore).getTime())
        throw conflict('PROCUREMENT.BID_SEALED', `bids stay sealed until ${doc.notBefore}`);
      if (doc.masterKeyId !== masterKeyId)
        throw new Error(
          `the sealing key of ${scope} was wrapped by master key ${doc.masterKeyId}, not the configured one`,
        );
      return decrypt(masterKey, doc.wrappedPrivateKey, aad(scope, doc.notBefore));
    },
  };
}
