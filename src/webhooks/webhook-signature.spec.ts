import { createHmac, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { publicKeyFromWhpk, startWebhookReceiver, type WebhookReceiver } from '../../test/support/webhook-receiver.js';
import {
  exportSigningKey,
  importSigningKey,
  newSigningKey,
  publicKeyText,
  secretText,
  signatureHeader,
  webhookHeaders,
} from './webhook-signature.js';

const body = JSON.stringify({ type: 'report.verified', data: { trackingId: 'LAP-0001', note: 'jalan rusak — sudah' } });
const msgId = 'msg_2f8bd0c1';
const now = () => Math.floor(Date.now() / 1000);

/** The v1a entries of a header, checked as an integrator holding only the whpk_ text would. */
function v1aVerifies(headers: Record<string, string>, signedBody: string, publicKey: string): boolean {
  const signed = Buffer.from(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${signedBody}`);
  return headers['webhook-signature']
    .split(' ')
    .filter((entry) => entry.startsWith('v1a,'))
    .some((entry) => verify(null, signed, publicKeyFromWhpk(publicKey), Buffer.from(entry.slice(4), 'base64')));
}

describe('a delivery signed with one key', () => {
  const key = newSigningKey();
  const headers = webhookHeaders(msgId, now(), body, [key]);

  it('carries every Standard Webhooks header', () => {
    expect(headers).toEqual({
      'content-type': 'application/json',
      'webhook-id': msgId,
      'webhook-timestamp': expect.stringMatching(/^\d+$/),
      'webhook-signature': expect.stringMatching(/^v1,\S+ v1a,\S+$/),
    });
    expect(secretText(key)).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(publicKeyText(key)).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
  });

  it('passes the standardwebhooks library (v1)', () => {
    expect(new Webhook(secretText(key)).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('passes node:crypto with the public key alone (v1a)', () => {
    expect(v1aVerifies(headers, body, publicKeyText(key))).toBe(true);
  });

  it('is refused when the body differs by one character', () => {
    const tampered = body.replace('0001', '0002');
    expect(() => new Webhook(secretText(key)).verify(tampered, headers)).toThrow(WebhookVerificationError);
    expect(v1aVerifies(headers, tampered, publicKeyText(key))).toBe(false);
  });

  it('is refused when signed with another secret', () => {
    const timestamp = headers['webhook-timestamp'];
    const forged = createHmac('sha256', newSigningKey().hmacSecret)
      .update(`${msgId}.${timestamp}.${body}`)
      .digest('base64');
    expect(() =>
      new Webhook(secretText(key)).verify(body, { ...headers, 'webhook-signature': `v1,${forged}` }),
    ).toThrow(WebhookVerificationError);
  });

  it.each([
    ['10 minutes old', -600],
    ['10 minutes in the future', 600],
  ])('is refused when its timestamp is %s', (_, offset) => {
    const stale = webhookHeaders(msgId, now() + offset, body, [key]);
    expect(() => new Webhook(secretText(key)).verify(body, stale)).toThrow(WebhookVerificationError);
  });
});

describe('a delivery during a rotation', () => {
  const [oldKey, newKey] = [newSigningKey(), newSigningKey()];
  const headers = webhookHeaders(msgId, now(), body, [oldKey, newKey]);

  it('lists the v1 entries before the v1a ones', () => {
    expect(headers['webhook-signature'].split(' ').map((entry) => entry.split(',')[0])).toEqual([
      'v1',
      'v1',
      'v1a',
      'v1a',
    ]);
  });

  it.each([
    { which: 'old', key: oldKey },
    { which: 'new', key: newKey },
  ])('verifies with the $which secret and the $which public key', ({ key }) => {
    expect(() => new Webhook(secretText(key)).verify(body, headers)).not.toThrow();
    expect(v1aVerifies(headers, body, publicKeyText(key))).toBe(true);
  });
});

describe('a stored signing key', () => {
  it('signs as the original did after a round trip through bytes', () => {
    const key = newSigningKey();
    const restored = importSigningKey(exportSigningKey(key));
    const timestamp = now();
    expect(signatureHeader(msgId, timestamp, body, [restored])).toBe(signatureHeader(msgId, timestamp, body, [key]));
    expect([secretText(restored), publicKeyText(restored)]).toEqual([secretText(key), publicKeyText(key)]);
  });

  it('refuses bytes that are not an exported key', () => {
    expect(() => importSigningKey(Buffer.alloc(64))).toThrow(/not an exported signing key/);
  });
});

describe('the test webhook receiver', () => {
  let receiver: WebhookReceiver;
  const key = newSigningKey();

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    receiver.setKeys('/a', { secrets: [secretText(key)], publicKeys: [publicKeyText(key)] });
  });
  afterAll(() => receiver.close());

  const post = (signingKey = key, timestamp = now()) =>
    fetch(`${receiver.url}/a`, { method: 'POST', body, headers: webhookHeaders(msgId, timestamp, body, [signingKey]) });

  it('records a genuine delivery as verified both ways and answers 204', async () => {
    expect((await post()).status).toBe(204);
    await receiver.waitFor((deliveries) => deliveries.length === 1);
    expect(receiver.deliveries[0]).toMatchObject({
      id: msgId,
      path: '/a',
      body,
      payload: JSON.parse(body),
      verified: { v1: true, v1a: true },
    });
  });

  it('records a forged delivery as unverified, and answers as told', async () => {
    receiver.respond(() => ({ status: 410, body: 'gone' }));
    const response = await post(newSigningKey());
    expect([response.status, await response.text()]).toEqual([410, 'gone']);
    expect(receiver.deliveries[1].verified).toEqual({ v1: false, v1a: false });
  });

  it('records a replayed delivery (10 minutes old) as unverified both ways', async () => {
    await post(key, now() - 600);
    expect(receiver.deliveries[2].verified).toEqual({ v1: false, v1a: false });
  });

  it('says what arrived when the wait runs out', async () => {
    await expect(receiver.waitFor((deliveries) => deliveries.length > 5, 50)).rejects.toThrow(/3 arrived/);
  });
});
