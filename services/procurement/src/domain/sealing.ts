import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';

/**
 * Sealing bid content (hybrid encryption, ECIES-style):
 *
 * - each tender has its own X25519 key pair; the public half seals bids at any time,
 *   the private half is stored only wrapped (AES-256-GCM) under the master key, with
 *   the tender's deadline bound into the wrapping as associated data;
 * - a bid is sealed with a fresh ephemeral X25519 key: ECDH with the tender's public
 *   key, HKDF-SHA-256 to a 256-bit key, AES-256-GCM over the content, with the bid's
 *   identity as associated data (a sealed box cannot be moved to another bid).
 *
 * So the server can seal without being able to open: opening needs the unwrapped
 * private key, which the keyring hands out only once the deadline has passed.
 */
export interface Box {
  iv: string;
  data: string;
  tag: string;
}

export interface SealedBox extends Box {
  /** The ephemeral public key (SPKI DER, base64). */
  epk: string;
}

const b64 = (b: Buffer) => b.toString('base64');
const buf = (s: string) => Buffer.from(s, 'base64');

export function encrypt(key: Buffer, plaintext: Buffer, aad: string): Box {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: b64(iv), data: b64(data), tag: b64(cipher.getAuthTag()) };
}

/** Throws when the key, the associated data or any byte of the box is wrong. */
export function decrypt(key: Buffer, box: Box, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, buf(box.iv));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(buf(box.tag));
  return Buffer.concat([decipher.update(buf(box.data)), decipher.final()]);
}

export interface TenderKeyPair {
  publicKey: string;
  privateKey: Buffer;
}

export function newTenderKeyPair(): TenderKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: b64(publicKey.export({ type: 'spki', format: 'der' })),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

function sharedKey(privateKey: Parameters<typeof diffieHellman>[0]['privateKey'], publicKeyB64: string, info: string) {
  const publicKey = createPublicKey({ key: buf(publicKeyB64), format: 'der', type: 'spki' });
  const secret = diffieHellman({ privateKey, publicKey });
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), Buffer.from(info, 'utf8'), 32));
}

export function seal(tenderPublicKey: string, plaintext: Buffer, aad: string): SealedBox {
  const ephemeral = generateKeyPairSync('x25519');
  const epk = b64(ephemeral.publicKey.export({ type: 'spki', format: 'der' }));
  const key = sharedKey(ephemeral.privateKey, tenderPublicKey, `sanshe-bid-seal:${epk}`);
  return { epk, ...encrypt(key, plaintext, aad) };
}

export function unseal(tenderPrivateKey: Buffer, box: SealedBox, aad: string): Buffer {
  const privateKey = createPrivateKey({ key: tenderPrivateKey, format: 'der', type: 'pkcs8' });
  const key = sharedKey(privateKey, box.epk, `sanshe-bid-seal:${box.epk}`);
  return decrypt(key, box, aad);
}

/** A short, non-secret id of a master key, stored beside what it wrapped (to tell keys apart on rotation). */
export function keyId(masterKey: Buffer): string {
  return createHash('sha256').update(masterKey).digest('hex').slice(0, 16);
}
