import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

/**
 * The console at /: its hashed assets cached for a year, index.html never (so a new build is seen at
 * once), and a Content-Security-Policy that lets the page talk only to this service. When the console
 * was not built, / says how to build it.
 */
export function consoleAssets(directory: string): RequestHandler {
  const index = path.join(directory, 'index.html');
  const assets = express.static(directory, {
    index: false,
    setHeaders: (res, file) =>
      res.setHeader(
        'Cache-Control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ),
  });
  return (req, res, next) => {
    const page = req.path === '/' || req.path === '/index.html';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !(page || req.path.startsWith('/assets/'))) return next();
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    if (!page) return assets(req, res, next);
    if (!existsSync(index))
      return void res
        .status(503)
        .type('text/plain')
        .send('The console is not built: run `npm run build` (npm start does it), or set CONSOLE_DIR.');
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
}
