/**
 * Mints a development token signed with the development secret (also `npm run aduan -- token`):
 *   npm run token -- --role ADMIN [--sub admin-1] [--agency <agencyId>] [--expires 8h]
 */
import { tokenCommand } from './token-command.js';

tokenCommand(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
