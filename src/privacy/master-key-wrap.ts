import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
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

/**
 * Re-wraps every key of `table` (key_id, master_key_id, wrapped_key) not yet under the first master
 * key; returns how many. Each row is compared on its old master key, so a concurrent writer is never
 * overwritten.
 */
export async function rewrapUnderCurrentKey(
  dataSource: Pick<DataSource, 'query'>,
  table: 'reporter_keys' | 'webhook_keys',
  masterKeys: readonly MasterKey[],
  missing: (masterKeyId: string) => string,
): Promise<number> {
  const current = masterKeys[0]!;
  const byId = new Map(masterKeys.map((key) => [key.id, key.key]));
  let rotated = 0;
  for (;;) {
    const rows: { key_id: string; master_key_id: string; wrapped_key: Buffer }[] = await dataSource.query(
      `SELECT key_id, master_key_id, wrapped_key FROM ${table} WHERE master_key_id <> $1 ORDER BY key_id LIMIT 500`,
      [current.id],
    );
    if (rows.length === 0) return rotated;
    for (const row of rows) {
      const secret = unwrapWithMasterKey(byId, row.master_key_id, row.wrapped_key, missing(row.master_key_id));
      await dataSource.query(
        `UPDATE ${table} SET master_key_id = $1, wrapped_key = $2 WHERE key_id = $3 AND master_key_id = $4`,
        [current.id, wrapWithMasterKey(current, secret), row.key_id, row.master_key_id],
      );
      rotated += 1;
    }
  }
}
