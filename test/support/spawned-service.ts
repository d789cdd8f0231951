import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../bench/free-port.js';

export { freePort };

/** The built service (dist/, built once by test/support/global-setup.js) as a separate process, for tests that kill or signal it. */
export interface SpawnedService {
  process: ChildProcess;
  url: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output: () => string;
}

export async function spawnService(databaseUrl: string, env: Record<string, string> = {}): Promise<SpawnedService> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEADLINE_WATCH_INTERVAL_MS: '0',
      RATE_LIMIT_QUERIES_PER_MINUTE: '0',
      RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
      ANCHOR_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The service did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { process: child, url, exited, output: () => output };
}
