import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../bench/free-port.js';

const run = promisify(execFile);

/**
 * A PostgreSQL cluster of the test's own (initdb, or pg_basebackup of another one, into a temporary
 * folder, on another port): stopping it never touches the machine's server.
 */
export class PrivatePostgres {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'aduan-pg-'));
  private readonly bin = execFileSync('pg_config', ['--bindir']).toString().trim();
  private started = false;

  /** `port` is where it listens; another process may take it before the first start, which then picks a free one. */
  constructor(public port: number) {
    if (process.getuid?.() === 0)
      chownSync(
        this.dir,
        Number(execFileSync('id', ['-u', 'postgres']).toString()),
        Number(execFileSync('id', ['-g', 'postgres']).toString()),
      );
  }

  /** Its postgres database, or another one. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A new, empty cluster. */
  init(): Promise<void> {
    return this.run('initdb', ['-D', this.data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  }

  /** A streaming-replication standby of `primary`, as an operator makes one (its defaults allow it). */
  cloneFrom(primary: PrivatePostgres): Promise<void> {
    return this.run('pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres'],
      ...['-D', this.data, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'],
    ]);
  }

  /** Starts it; a failure carries the end of the server's log. */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const logged = this.log().length;
      try {
        await this.run('pg_ctl', [
          ...['-D', this.data, '-l', path.join(this.dir, 'log'), '-w'],
          ...['-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'],
        ]);
        this.started = true;
        return;
      } catch (error) {
        const log = this.log().slice(logged);
        if (!this.started && attempt < 5 && /could not bind|already in use/i.test(log)) {
          this.port = await freePort();
          continue;
        }
        throw new Error(`${(error as Error).message}\nits log ends:\n${log.slice(-2000)}`, { cause: error });
      }
    }
  }

  stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    return this.run('pg_ctl', ['-D', this.data, '-m', mode, '-w', 'stop']);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private log(): string {
    try {
      return readFileSync(path.join(this.dir, 'log'), 'utf8');
    } catch {
      return '';
    }
  }

  private get data(): string {
    return path.join(this.dir, 'data');
  }

  /** initdb and postgres refuse to run as root: as root they run as the postgres user. */
  private async run(tool: string, args: string[]): Promise<void> {
    const command = path.join(this.bin, tool);
    if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', command, ...args]);
    else await run(command, args);
  }
}
