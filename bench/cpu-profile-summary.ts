import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * Where a .cpuprofile (node --cpu-prof) spent its samples, by self time: grouped by package (or
 * "aduan" for our own code, "node" for Node's internals, "(idle)", "(gc)"), and the top functions.
 */
export async function summarizeCpuProfile(
  file: string,
  top = 12,
): Promise<{ byPackage: Record<string, number>; topFunctions: { fn: string; pct: number }[] }> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map<number, number>();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, n] of counts) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    const pkg = ['(idle)', '(garbage collector)', '(program)'].includes(name)
      ? name
      : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
        (url.startsWith('node:') || url === '' ? 'node' : 'aduan'));
    packages.set(pkg, (packages.get(pkg) ?? 0) + n);
    const where = `${name} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/dist\//, 'dist/')}:${lineNumber + 1}`;
    functions.set(where, (functions.get(where) ?? 0) + n);
  }
  const pct = (n: number) => Math.round((n / total) * 1000) / 10;
  return {
    byPackage: Object.fromEntries(
      [...packages]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([k, n]) => [k, pct(n)]),
    ),
    topFunctions: [...functions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, n]) => ({ fn, pct: pct(n) })),
  };
}
