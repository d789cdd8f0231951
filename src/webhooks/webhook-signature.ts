import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';

/**
 * Standard Webhooks 1.0 signing (https://www.standardwebhooks.com): `v1` is HMAC-SHA256 for integrators
 * who hold the shared secret, `v1a` is Ed25519 for those who would rather hold only a public key.
 * Every delivery carries both, so an integrator may check either.
 */
export interface SigningKey {
  hmacSecret: Buffer;
  /** An Ed25519 private key. */
  privateKey: KeyObject;
}

const SECRET_PREFIX = 'whsec_';
const PUBLIC_KEY_PREFIX = 'whpk_';
const HMAC_SECRET_BYTES = 32;
const ED25519_SEED_BYTES = 32;

/** Bumped if the stored layout ever changes, so keys already stored can still be read. */
const EXPORT_FORMAT = 1;
const EXPORT_BYTES = 1 + HMAC_SECRET_BYTES + ED25519_SEED_BYTES;

/** PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): Node imports DER, not bare seeds. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function newSigningKey(): SigningKey {
  return { hmacSecret: randomBytes(HMAC_SECRET_BYTES), privateKey: generateKeyPairSync('ed25519').privateKey };
}

export function secretText(key: SigningKey): string {
  return SECRET_PREFIX + key.hmacSecret.toString('base64');
}

export function publicKeyText(key: SigningKey): string {
  const { x } = createPublicKey(key.privateKey).export({ format: 'jwk' });
  return PUBLIC_KEY_PREFIX + Buffer.from(x!, 'base64url').toString('base64');
}

/** The key's material as bytes for storage (the caller encrypts them), and back. */
export function exportSigningKey(key: SigningKey): Buffer {
  const seed = Buffer.from(key.privateKey.export({ format: 'jwk' }).d!, 'base64url');
  return Buffer.concat([Buffer.of(EXPORT_FORMAT), key.hmacSecret, seed]);
}

export function importSigningKey(bytes: Buffer): SigningKey {
  if (bytes.length !== EXPORT_BYTES || bytes[0] !== EXPORT_FORMAT)
    throw new Error(`not an exported signing key (${bytes.length} bytes, format ${bytes[0]})`);
  const seed = bytes.subarray(1 + HMAC_SECRET_BYTES);
  return {
    // Copied so the key does not keep (or share) the caller's buffer, which may be wiped after use.
    hmacSecret: Buffer.from(bytes.subarray(1, 1 + HMAC_SECRET_BYTES)),
    privateKey: createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }),
  };
}

/** v1 and v1a for each key (several during a rotation), space-separated, v1 entries first. */
export function signatureHeader(
  msgId: string,
  timestampSeconds: number,
  body: string,
  keys: readonly SigningKey[],
): string {
  if (keys.length === 0) throw new Error('a webhook needs at least one signing key');
  // Receivers parse the timestamp as an integer; a fraction would be signed but never match.
  if (!Number.isSafeInteger(timestampSeconds)) throw new Error(`timestamp ${timestampSeconds} is not whole seconds`);
  const signed = Buffer.from(`${msgId}.${timestampSeconds}.${body}`, 'utf8');
  const entries: string[] = [];
  for (const key of keys) entries.push('v1,' + createHmac('sha256', key.hmacSecret).update(signed).digest('base64'));
  for (const key of keys) entries.push('v1a,' + sign(null, signed, key.privateKey).toString('base64'));
  return entries.join(' ');
}

/** Every header of a delivery: content-type application/json, webhook-id, webhook-timestamp, webhook-signature. */
export function webhookHeaders(
  msgId: string,
  timestampSeconds: number,
  body: string,
  keys: readonly SigningKey[],
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatureHeader(msgId, timestampSeconds, body, keys),
  };
}
