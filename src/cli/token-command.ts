import { parseArgs } from 'node:util';
import type { Role } from '../../contexts/principals/actor.js';
import { signToken, TOKEN_ROLES } from '../auth/token-verifier.js';
import { loadConfig } from '../config/config.js';

export const TOKEN_USAGE = `Usage: npm run aduan -- token --role <${TOKEN_ROLES.join('|')}> [--sub <id>] [--agency <agencyId>] [--expires 8h]
Mints a development token signed with the development secret (only while AUTH_JWT_SECRET and AUTH_JWKS_URL are unset).`;

/** Prints a development token for the given role. */
export async function tokenCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      agency: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(TOKEN_USAGE);
    return;
  }
  const config = loadConfig();
  if (!config.auth.development) {
    throw new Error(
      'Tokens are minted only while the development secret is in use (AUTH_JWT_SECRET and AUTH_JWKS_URL unset)',
    );
  }
  if (!values.role || !(TOKEN_ROLES as readonly string[]).includes(values.role))
    throw new Error(`--role is required\n${TOKEN_USAGE}`);
  const role = values.role as Role;
  if ((role === 'AGENCY_ADMIN' || role === 'LIAISON_OFFICER') && !values.agency)
    throw new Error(`--agency is required for ${role}`);
  console.log(
    await signToken(
      config.auth.jwtSecret!,
      { sub: values.sub ?? `${role.toLowerCase()}-dev`, role, agencyId: values.agency ?? null },
      values.expires,
    ),
  );
}
