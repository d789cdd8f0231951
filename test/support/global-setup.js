import { execFileSync } from 'node:child_process';

/** Suites that run the service as a separate process (server only) need dist/: built once, before any suite. */
export default function globalSetup() {
  if (!process.env.DATABASE_URL) return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
