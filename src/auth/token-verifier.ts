import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Actor, type Role } from '../../contexts/principals/actor.js';
import type { AppConfig } from '../config/config.js';

/** Roles a token may carry; PUBLIC is the absence of a token and SYSTEM is the service itself. */
export const TOKEN_ROLES = ROLES.filter((role) => role !== 'PUBLIC' && role !== 'SYSTEM');
const AGENCY_ROLES: readonly Role[] = ['AGENCY_ADMIN', 'LIAISON_OFFICER'];

export const PUBLIC_ACTOR: Actor = { id: 'anonymous', role: 'PUBLIC' };

export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED';
}

/**
 * Turns an Authorization header into the actor it proves: none is the public; a bearer JWT
 * (HS256 with AUTH_JWT_SECRET, or any algorithm of the keys at AUTH_JWKS_URL) carries `sub`,
 * `role` and, for agency roles, `agencyId`.
 */
export class TokenVerifier {
  /** The keys at AUTH_JWKS_URL, or AUTH_JWT_SECRET imported once as an HMAC key (jose would import raw bytes at every request). */
  private readonly key: ReturnType<typeof crypto.subtle.importKey> | JWTVerifyGetKey;

  constructor(auth: AppConfig['auth']) {
    this.key = auth.jwksUrl
      ? createRemoteJWKSet(new URL(auth.jwksUrl))
      : crypto.subtle.importKey(
          'raw',
          new TextEncoder().encode(auth.jwtSecret!),
          { name: 'HMAC', hash: 'SHA-256' },
          false,
          ['verify'],
        );
  }

  async actorFrom(authorization: string | undefined): Promise<Actor> {
    if (!authorization) return PUBLIC_ACTOR;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>"');
    let payload;
    try {
      ({ payload } =
        typeof this.key === 'function'
          ? await jwtVerify(match[1]!, this.key)
          : await jwtVerify(match[1]!, await this.key, { algorithms: ['HS256'] }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('The token has expired');
      throw new UnauthenticatedError('The token is not valid');
    }
    const role = payload.role;
    if (typeof payload.sub !== 'string' || payload.sub === '')
      throw new UnauthenticatedError('The token names no subject (sub)');
    if (typeof role !== 'string' || !(TOKEN_ROLES as readonly string[]).includes(role)) {
      throw new UnauthenticatedError(`The token's role must be one of ${TOKEN_ROLES.join(', ')}`);
    }
    const agencyId = typeof payload.agencyId === 'string' && payload.agencyId !== '' ? payload.agencyId : null;
    if (AGENCY_ROLES.includes(role as Role) && !agencyId)
      throw new UnauthenticatedError(`A ${role} token must name its agencyId`);
    return { id: payload.sub, role: role as Role, agencyId };
  }
}

/** A signed HS256 token, for development and tests. */
export async function signToken(
  secret: string,
  claims: { sub: string; role: Role; agencyId?: string | null },
  expiresIn = '8h',
): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
