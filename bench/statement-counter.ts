/**
 * Loaded into the service by bench/round-trips.ts (`node --import`): from one SIGUSR2 to the next,
 * counts the statements the service sends to PostgreSQL, by their text, then prints the counts to
 * standard error as one line: STATEMENTS [[text, count], …].
 */
import { createRequire } from 'node:module';
import type pg from 'pg';

const { Client } = createRequire(import.meta.url)('pg') as typeof pg;
const counts = new Map<string, number>();
let counting = false;
const query = Client.prototype.query as (...args: unknown[]) => unknown;
Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) {
    const config = args[0] as string | { text?: string };
    const text = (typeof config === 'string' ? config : (config.text ?? '?')).replace(/\s+/g, ' ').trim();
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return query.apply(this, args);
} as never;

process.on('SIGUSR2', () => {
  if (!counting) {
    counts.clear();
    counting = true;
    return;
  }
  counting = false;
  process.stderr.write(`STATEMENTS ${JSON.stringify([...counts])}\n`);
});
