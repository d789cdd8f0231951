import { decodeJwt } from 'jose';
import { DomainError } from '../../contexts/domain-error.js';
import type { Role } from '../../contexts/principals/actor.js';
import { signToken, TOKEN_ROLES } from './token-verifier.js';

/** The roles a token must name an agency for. */
export const AGENCY_TOKEN_ROLES: readonly Role[] = ['AGENCY_ADMIN', 'LIAISON_OFFICER'];

export interface DevelopmentTokenRequest {
  role: string;
  agencyId?: string | null;
  sub?: string | null;
}

export interface DevelopmentToken {
  token: string;
  expiresAt: string;
  role: Role;
  agencyId: string | null;
  sub: string;
}

/**
 * Mints a development token (`npm run aduan -- token`, and `issueDevelopmentToken` while the
 * development secret is in use): the role must be one a token may carry, an agency role must name
 * its agency (`assertAgency` checks it is registered, where a registry is at hand), and the subject
 * defaults to `<role>-dev`. Refusals are BAD_USER_INPUT naming the argument.
 */
export async function mintDevelopmentToken(
  secret: string,
  request: DevelopmentTokenRequest,
  options: { expiresIn?: string; assertAgency?: (agencyId: string) => Promise<unknown> } = {},
): Promise<DevelopmentToken> {
  if (!(TOKEN_ROLES as readonly string[]).includes(request.role))
    throw new DomainError('BAD_USER_INPUT', `role must be one of ${TOKEN_ROLES.join(', ')}`, { argument: 'role' });
  const role = request.role as Role;
  const agencyId = request.agencyId || null;
  if (AGENCY_TOKEN_ROLES.includes(role) && !agencyId)
    throw new DomainError('BAD_USER_INPUT', `A ${role} token must name its agencyId`, { argument: 'agencyId' });
  if (agencyId && options.assertAgency) await options.assertAgency(agencyId);
  const sub = request.sub ?? `${role.toLowerCase()}-dev`;
  if (sub.trim() === '')
    throw new DomainError('BAD_USER_INPUT', 'sub must not be empty (leave it out for the default)', {
      argument: 'sub',
    });
  const token = await signToken(secret, { sub, role, agencyId }, options.expiresIn);
  return { token, expiresAt: new Date(decodeJwt(token).exp! * 1000).toISOString(), role, agencyId, sub };
}
