/**
 * Mints a development token signed with the development secret:
 *   npm run token -- --role ADMIN [--sub admin-1] [--agency <agencyId>] [--expires 8h]
 */
import { parseArgs } from 'node:util';
import type { Role } from '../../contexts/reports/report.commands.js';
import { signToken, TOKEN_ROLES } from '../auth/token-verifier.js';
import { ConfigError, loadConfig } from '../config/config.js';

const usage = `Usage: npm run token -- --role <${TOKEN_ROLES.join('|')}> [--sub <id>] [--agency <agencyId>] [--expires 8h]`;

try {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, sub: { type: 'string' }, agency: { type: 'string' }, expires: { type: 'string', default: '8h' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const config = loadConfig();
  if (!config.auth.development) {
    throw new Error('Tokens are minted only while the development secret is in use (AUTH_JWT_SECRET and AUTH_JWKS_URL unset)');
  }
  if (!values.role || !(TOKEN_ROLES as readonly string[]).includes(values.role)) throw new Error(`--role is required\n${usage}`);
  const role = values.role as Role;
  if ((role === 'AGENCY_ADMIN' || role === 'LIAISON_OFFICER') && !values.agency) throw new Error(`--agency is required for ${role}`);
  console.log(await signToken(config.auth.jwtSecret!, { sub: values.sub ?? `${role.toLowerCase()}-dev`, role, agencyId: values.agency ?? null }, values.expires));
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(2);
}
