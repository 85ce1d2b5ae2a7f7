import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for the few secrets kept at rest (a connection's refresh token).
 * The tenant id is bound as associated data, so a ciphertext copied onto
 * another tenant's row does not decrypt.
 */
export interface Cipher {
  encrypt(plaintext: string, associatedData: string): string;
  decrypt(ciphertext: string, associatedData: string): string;
}

/** GCM's full tag: Node would also accept a shortened one, which makes a forgery 2^96 times cheaper. */
const TAG_BYTES = 16;

export function createCipher(hexKey: string): Cipher {
  // Buffer.from(…, 'hex') stops quietly at the first non-hex pair; a key with a typo in it must not pass.
  if (!/^[0-9a-fA-F]{64}$/.test(hexKey)) throw new Error('ENCRYPTION_KEY must be 64 hex characters (32 bytes)');
  const key = Buffer.from(hexKey, 'hex');
  return {
    encrypt(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associatedData));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), data.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':');
    },
    decrypt(ciphertext, associatedData) {
      const [version, iv, data, tag, ...rest] = ciphertext.split(':');
      // `data` is empty for an empty text; every other part must be there.
      if (version !== 'v1' || !iv || data === undefined || !tag || rest.length > 0) throw new Error('unknown ciphertext format');
      const authTag = Buffer.from(tag, 'base64url');
      if (authTag.length !== TAG_BYTES) throw new Error('unknown ciphertext format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(authTag);
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
