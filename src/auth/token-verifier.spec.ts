import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { PUBLIC_ACTOR, signToken, TokenVerifier } from './token-verifier.js';

const SECRET = 'a-test-secret-of-at-least-32-characters';

describe('TokenVerifier with a shared secret', () => {
  const verifier = new TokenVerifier({ jwtSecret: SECRET, jwksUrl: null, development: false });

  it('treats a request without a token as the public', async () => {
    expect(await verifier.actorFrom(undefined)).toBe(PUBLIC_ACTOR);
  });

  it('reads subject, role and agency', async () => {
    const token = await signToken(SECRET, { sub: 'officer-1', role: 'LIAISON_OFFICER', agencyId: 'agency-1' });
    expect(await verifier.actorFrom(`Bearer ${token}`)).toEqual({
      id: 'officer-1',
      role: 'LIAISON_OFFICER',
      agencyId: 'agency-1',
    });
  });

  it.each([
    ['a header that is not Bearer', async () => 'Basic dXNlcjpwYXNz', /Bearer/],
    ['garbage', async () => 'Bearer abc.def.ghi', /not valid/],
    [
      'another secret',
      async () => `Bearer ${await signToken('another-secret-of-at-least-32-characters', { sub: 'x', role: 'ADMIN' })}`,
      /not valid/,
    ],
    [
      'an expired token',
      async () => `Bearer ${await signToken(SECRET, { sub: 'x', role: 'ADMIN' }, '-1s')}`,
      /expired/,
    ],
    [
      'an unknown role',
      async () =>
        `Bearer ${await new SignJWT({ role: 'ROOT' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(new TextEncoder().encode(SECRET))}`,
      /role/,
    ],
    [
      'the SYSTEM role',
      async () =>
        `Bearer ${await new SignJWT({ role: 'SYSTEM' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').sign(new TextEncoder().encode(SECRET))}`,
      /role/,
    ],
    [
      'an agency role without agency',
      async () => `Bearer ${await signToken(SECRET, { sub: 'x', role: 'AGENCY_ADMIN' })}`,
      /agencyId/,
    ],
    [
      'no subject',
      async () =>
        `Bearer ${await new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET))}`,
      /subject/,
    ],
    [
      'alg none',
      async () =>
        `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"ADMIN"}').toString('base64url')}.`,
      /not valid/,
    ],
  ])('refuses %s as UNAUTHENTICATED', async (_, header, message) => {
    await expect(verifier.actorFrom(await header())).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringMatching(message),
    });
  });
});

describe('TokenVerifier with a JWKS URL', () => {
  let server: http.Server;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let verifier: TokenVerifier;
  beforeAll(async () => {
    keys = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = http.createServer((_, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    verifier = new TokenVerifier({
      jwtSecret: null,
      jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
      development: false,
    });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('accepts a token signed by a published key and refuses one that is not', async () => {
    const sign = async (key: typeof keys.privateKey) =>
      new SignJWT({ role: 'OMBUDSMAN' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('auditor-1')
        .setExpirationTime('5m')
        .sign(key);
    expect(await verifier.actorFrom(`Bearer ${await sign(keys.privateKey)}`)).toEqual({
      id: 'auditor-1',
      role: 'OMBUDSMAN',
      agencyId: null,
    });
    const stranger = await generateKeyPair('RS256');
    await expect(verifier.actorFrom(`Bearer ${await sign(stranger.privateKey)}`)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
