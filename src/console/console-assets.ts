import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const CONTENT_SECURITY_POLICY =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/** What the console's build writes into assets/, by extension. */
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};
/** A file name of the build: hashed names, no path, no dot first. */
const ASSET = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/**
 * The console at /: its hashed assets (/assets/*) cached for a year, index.html never (so a new build
 * is seen at once), and a Content-Security-Policy that lets the page talk only to this service. When
 * the console was not built, / says how to build it.
 */
export function serveConsole(fastify: FastifyInstance, directory: string): void {
  const index = path.join(directory, 'index.html');
  for (const url of ['/', '/index.html'])
    fastify.get(url, async (_request, reply) => {
      reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY).header('Cache-Control', 'no-cache');
      if (!existsSync(index))
        return reply
          .status(503)
          .type('text/plain; charset=utf-8')
          .send('The console is not built: run `npm run build` (npm start does it), or set CONSOLE_DIR.');
      return reply.type('text/html; charset=utf-8').send(await readFile(index));
    });
  fastify.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const { name } = request.params;
    const type = CONTENT_TYPES[path.extname(name)];
    const file = path.join(directory, 'assets', name);
    if (!type || !ASSET.test(name) || !existsSync(file)) return reply.callNotFound();
    return reply
      .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .type(type)
      .send(await readFile(file));
  });
}
