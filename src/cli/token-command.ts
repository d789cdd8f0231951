import { parseArgs } from 'node:util';
import { mintDevelopmentToken } from '../auth/development-token.js';
import { TOKEN_ROLES } from '../auth/token-verifier.js';
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
  if (!values.role) throw new Error(`--role is required\n${TOKEN_USAGE}`);
  // The same checks as issueDevelopmentToken, except that the agency is not looked up (no database here).
  const minted = await mintDevelopmentToken(
    config.auth.jwtSecret!,
    { role: values.role, sub: values.sub, agencyId: values.agency },
    { expiresIn: values.expires },
  ).catch((error: unknown) => {
    const argument = (error as { details?: { argument?: string } }).details?.argument;
    const flag = argument === 'agencyId' ? '--agency' : argument ? `--${argument}` : null;
    throw new Error(
      `${flag ? `${flag}: ` : ''}${error instanceof Error ? error.message : String(error)}\n${TOKEN_USAGE}`,
    );
  });
  console.log(minted.token);
}
