/**
 * Summarises a V8 .cpuprofile: self time by area (our libs, a package, Node internals, GC, idle) and
 * the top functions. Used to explain the consent benchmark's figures, per workload:
 *
 *   BENCH_CPU_PROFILE_DIR=/tmp/iys-prof BENCH_CONSENTS=20000 node dist/bench/consent/consent.bench.js
 *   node dist/bench/consent/cpu-profile-summary.js /tmp/iys-prof/status-2.cpuprofile [top]
 *
 * or for a whole process (every thread gets its own file): `node --cpu-prof --cpu-prof-dir=…`.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: `libs/contexts/consent`, `node_modules/pg`, `node:internal`, `(garbage collector)`… */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return `node_modules/${modules[1]}`;
  const ours = /\/dist\/((?:libs\/(?:contexts|platform)\/[^/]+)|apps\/[^/]+|bench\/[^/]+)/.exec(url);
  if (ours) return ours[1];
  return url.replace(/^file:\/\//, '');
}

async function main(): Promise<void> {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile-summary <file.cpuprofile> [top]');
  const top = Number(topArg ?? 30);
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);

  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const key = `${functionName || '(anonymous)'}  ${area}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const busy = total - (areas.get('(idle)') ?? 0);
  const line = (name: string, us: number) =>
    `${(us / 1000).toFixed(0).padStart(8)} ms  ${((us / total) * 100).toFixed(1).padStart(5)} % of all  ${((us / busy) * 100).toFixed(1).padStart(5)} % of busy  ${name}`;
  process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy\n\nBy area (self time):\n`);
  for (const [name, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${line(name, us)}\n`);
  process.stdout.write(`\nTop functions (self time):\n`);
  for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${line(name, us)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
