import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from '../config/config.js';

/**
 * Envelope encryption under the master keys (REPORTER_DATA_KEYS): AES-256-GCM, the nonce before
 * the ciphertext and the tag after it. What is wrapped names the master key's id beside it, so a
 * rotation can tell which key unwraps it.
 */
export function wrapWithMasterKey(master: MasterKey, secret: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', master.key, iv);
  return Buffer.concat([iv, cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
}

/** Unwraps with the master key of that id; `missing` says what to do when REPORTER_DATA_KEYS no longer holds it. */
export function unwrapWithMasterKey(
  masterKeys: ReadonlyMap<string, Buffer>,
  masterKeyId: string,
  wrapped: Buffer,
  missing: string,
): Buffer {
  const master = masterKeys.get(masterKeyId);
  if (!master) throw new Error(missing);
  const decipher = createDecipheriv('aes-256-gcm', master, wrapped.subarray(0, 12));
  decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
  return Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]);
}
