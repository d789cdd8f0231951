import { spawn, type ChildProcess } from 'node:child_process';

/** The service's line saying where it listens: its GraphQL URL, or a worker's health URL. */
export const SERVICE_READY = /"msg":"(?:GraphQL API at (http:\/\/\S+?)\/graphql|Worker at (http:\/\/\S+?) )/;

/** The URL a line of the service's output says it is ready at, or null. */
export function serviceUrl(line: string): string | null {
  const match = SERVICE_READY.exec(line);
  return match ? (match[1] ?? match[2]!) : null;
}

/**
 * Starts `script` with node (and `nodeOptions`) in the environment plus `env`; resolves with the URL
 * `ready` finds in a line of its standard output. Its standard error goes to `stderr` (this
 * process's own when not given).
 */
export async function startProcess(
  script: string,
  env: Record<string, string>,
  ready: (line: string) => string | null,
  nodeOptions: string[] = [],
  stderr?: (chunk: string) => void,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeOptions, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', stderr ? 'pipe' : 'inherit'],
  });
  if (stderr) child.stderr!.on('data', (chunk: Buffer) => stderr(chunk.toString()));
  let buffered = '';
  for await (const chunk of child.stdout!) {
    buffered += chunk.toString();
    for (const line of buffered.split('\n')) {
      const url = ready(line);
      if (url) {
        child.stdout!.resume();
        return { child, url };
      }
    }
  }
  throw new Error(`${script} exited before it was ready:\n${buffered}`);
}

/** The body of one submitReport request, the `n`th of a benchmark run (a citizen's report through the mobile app). */
export function submissionBody(n: number): string {
  return JSON.stringify({
    query:
      'mutation($input: SubmitReportInput!) { submitReport(input: $input) { position report { trackingId status } } }',
    variables: {
      input: {
        kind: 'COMPLAINT',
        title: `Beban uji ${n}`,
        description: 'Lampu jalan di depan pasar mati sejak seminggu yang lalu.',
        channel: 'MOBILE_APP',
        location: { regionCode: '13.76' },
      },
    },
  });
}
