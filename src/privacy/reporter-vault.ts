import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { SealedIdentity } from '../../contexts/reports/report.events.js';
import type { MasterKey } from '../config/config.js';
import { rewrapUnderCurrentKey, unwrapWithMasterKey, wrapWithMasterKey } from './master-key-wrap.js';

/** What a reporter tells about themselves; every field is personal data. */
export interface ReporterIdentity {
  name: string | null;
  nik: string | null;
  phone: string | null;
  email: string | null;
  /** Free text the reporter marked personal (an address, a case number with their name...). */
  personalDetails: string | null;
}

/**
 * Envelope encryption of reporter identities: a random AES-256 data key per reporter (subject),
 * stored in reporter_keys wrapped by the current master key; identities are sealed with the data
 * key before they enter an event. Rotating the master key re-wraps the data keys (no event is
 * rewritten); erasing a reporter deletes their data key, so every sealed copy is unreadable.
 * Keys are never cached, so an erasure holds on every instance at once.
 */
export class ReporterVault {
  private readonly current: MasterKey;
  private readonly byId: Map<string, Buffer>;

  constructor(
    private readonly dataSource: Pick<DataSource, 'query'>,
    private readonly masterKeys: MasterKey[],
  ) {
    this.current = masterKeys[0]!;
    this.byId = new Map(masterKeys.map((k) => [k.id, k.key]));
  }

  async seal(subject: string, identity: ReporterIdentity): Promise<SealedIdentity> {
    return this.sealWith(subject, identity, await this.dataKeyFor(subject));
  }

  /** Seals many identities with one round trip for all their reporters' keys (a bulk import). */
  async sealAll(items: readonly { subject: string; identity: ReporterIdentity }[]): Promise<SealedIdentity[]> {
    const subjects = [...new Set(items.map((item) => item.subject))];
    if (subjects.length === 0) return [];
    const keyIds = subjects.map(() => randomUUID());
    const wrapped = subjects.map(() => this.wrap(randomBytes(32)));
    const rows: { key_id: string; subject: string; master_key_id: string; wrapped_key: Buffer }[] =
      await this.dataSource.query(
        `WITH created AS (
           INSERT INTO reporter_keys (key_id, subject, master_key_id, wrapped_key)
           SELECT k, s, $3, w FROM unnest($1::uuid[], $2::text[], $4::bytea[]) AS t(k, s, w)
           ON CONFLICT (subject) DO NOTHING RETURNING key_id, subject, master_key_id, wrapped_key)
         SELECT key_id, subject, master_key_id, wrapped_key FROM created
         UNION ALL SELECT key_id, subject, master_key_id, wrapped_key FROM reporter_keys
          WHERE subject = ANY($2::text[]) AND subject NOT IN (SELECT subject FROM created)`,
        [keyIds, subjects, this.current.id, wrapped],
      );
    const keys = new Map(
      rows.map((row) => [row.subject, { keyId: row.key_id, dataKey: this.unwrap(row.master_key_id, row.wrapped_key) }]),
    );
    // A key another writer was creating at that very moment is read on its own.
    for (const subject of subjects) if (!keys.has(subject)) keys.set(subject, await this.dataKeyFor(subject));
    return items.map(({ subject, identity }) => this.sealWith(subject, identity, keys.get(subject)!));
  }

  private sealWith(
    subject: string,
    identity: ReporterIdentity,
    { keyId, dataKey }: { keyId: string; dataKey: Buffer },
  ): SealedIdentity {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv).setAAD(aad(subject, keyId));
    const ciphertext = Buffer.concat([
      cipher.update(JSON.stringify(identity), 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return { subject, keyId, iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64') };
  }

  /** The identity, or null once the reporter's key is destroyed (erased). */
  async open(sealed: SealedIdentity): Promise<ReporterIdentity | null> {
    const rows: { master_key_id: string; wrapped_key: Buffer }[] = await this.dataSource.query(
      `SELECT master_key_id, wrapped_key FROM reporter_keys WHERE key_id = $1 AND subject = $2`,
      [sealed.keyId, sealed.subject],
    );
    if (rows.length === 0) return null;
    const dataKey = this.unwrap(rows[0]!.master_key_id, rows[0]!.wrapped_key);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(sealed.iv, 'base64')).setAAD(
      aad(sealed.subject, sealed.keyId),
    );
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return JSON.parse(
      Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8'),
    ) as ReporterIdentity;
  }

  /** Destroys the reporter's data key; returns whether there was one. */
  async erase(subject: string): Promise<boolean> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH deleted AS (DELETE FROM reporter_keys WHERE subject = $1 RETURNING 1) SELECT count(*)::int AS n FROM deleted`,
      [subject],
    );
    return n > 0;
  }

  /** Re-wraps every data key not yet under the current master key; returns how many. */
  async rotate(): Promise<number> {
    return rewrapUnderCurrentKey(this.dataSource, 'reporter_keys', this.masterKeys, missingMasterKey);
  }

  private async dataKeyFor(subject: string): Promise<{ keyId: string; dataKey: Buffer }> {
    // Creates the reporter's key unless one exists; either way one round trip returns the live key. When
    // another writer creates the same subject's key at the same moment, this statement's snapshot sees
    // neither its insert nor the row, so the next statement reads the row that won.
    for (let attempt = 1; ; attempt++) {
      const rows: { key_id: string; master_key_id: string; wrapped_key: Buffer }[] = await this.dataSource.query(
        `WITH created AS (
           INSERT INTO reporter_keys (key_id, subject, master_key_id, wrapped_key) VALUES ($1, $2, $3, $4)
           ON CONFLICT (subject) DO NOTHING RETURNING key_id, master_key_id, wrapped_key)
         SELECT * FROM created UNION ALL SELECT key_id, master_key_id, wrapped_key FROM reporter_keys WHERE subject = $2 AND NOT EXISTS (SELECT 1 FROM created)`,
        [randomUUID(), subject, this.current.id, this.wrap(randomBytes(32))],
      );
      const row = rows[0];
      if (row) return { keyId: row.key_id, dataKey: this.unwrap(row.master_key_id, row.wrapped_key) };
      if (attempt === 3) throw new Error(`No data key could be read or created for ${subject}`);
    }
  }

  private wrap(dataKey: Buffer): Buffer {
    return wrapWithMasterKey(this.current, dataKey);
  }

  private unwrap(masterKeyId: string, wrapped: Buffer): Buffer {
    return unwrapWithMasterKey(this.byId, masterKeyId, wrapped, missingMasterKey(masterKeyId));
  }
}

const missingMasterKey = (masterKeyId: string) =>
  `Reporter data key wrapped by master key "${masterKeyId}", which REPORTER_DATA_KEYS no longer holds; add it back (after the current key) and run: npx aduan keys rotate`;

/** Binds a ciphertext to its reporter and key, so one reporter's blob cannot be passed off as another's. */
function aad(subject: string, keyId: string): Buffer {
  return Buffer.from(`${subject}\u0000${keyId}`, 'utf8');
}
