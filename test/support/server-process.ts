import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'iys-test-server');

/**
 * The production entry points (apps/*\/src/main.ts) as runnable JavaScript, for tests that must run
 * the real process: signals, exit codes, stderr. Transpiled without type checking (`npm test`
 * type-checks first) into node_modules/.cache, so that bare imports resolve from the repository,
 * and kept per content hash: spec files running in parallel share one copy.
 */
export function buildServerForTests(): string {
  const sources = listSources(['apps', 'libs']);
  const hash = createHash('sha256');
  for (const file of sources) hash.update(file).update(readFileSync(path.join(ROOT, file)));
  const outDir = path.join(CACHE, hash.digest('hex').slice(0, 16));
  if (existsSync(path.join(outDir, 'complete'))) return outDir;

  const aliases = readAliases();
  const staging = `${outDir}.${process.pid}.${Date.now()}`;
  for (const file of sources) {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2023,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        useDefineForClassFields: false,
        esModuleInterop: true,
        isolatedModules: true,
      },
    });
    const target = path.join(staging, file.replace(/\.ts$/, '.js'));
    const fromDir = path.dirname(path.join(ROOT, file));
    // tsc-alias's job in `npm run build`: @iys/… becomes a relative path.
    const rewritten = outputText.replace(/(from\s+|import\s*\(\s*)'(@iys\/[^']+)'/g, (whole, lead: string, specifier: string) => {
      const mapped = aliases.get(specifier);
      if (!mapped) return whole;
      let relative = path.relative(fromDir, mapped).replace(/\.ts$/, '.js');
      if (!relative.startsWith('.')) relative = `./${relative}`;
      return `${lead}'${relative}'`;
    });
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, rewritten);
  }
  writeFileSync(path.join(staging, 'complete'), '');
  try {
    renameSync(staging, outDir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another spec file finished the same build first
  }
  pruneOldBuilds(outDir);
  return outDir;
}

function listSources(folders: string[]): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && child !== path.join('libs', 'platform', 'testing')) walk(child);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) files.push(child);
    }
  };
  for (const folder of folders) walk(folder);
  return files.sort();
}

function readAliases(): Map<string, string> {
  const config = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  return new Map(Object.entries(config.compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(ROOT, target)]));
}

function pruneOldBuilds(keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const entry of readdirSync(CACHE)) {
    const folder = path.join(CACHE, entry);
    if (folder !== keep && statSync(folder).mtimeMs < hourAgo) rmSync(folder, { recursive: true, force: true });
  }
}

export interface ServerRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

const live = new Set<ServerRun>();

/** Kills what a failed test left running (its embedded PostgreSQL then stops with it, or at the next start). */
export async function killLeftovers(): Promise<void> {
  for (const run of live) run.child.kill('SIGKILL');
  await Promise.all([...live].map((run) => run.exited));
}

/** Starts one entry point (`api`, `worker`, `cli`, `demo`: `npm run demo`) of a build from buildServerForTests. */
export function runEntryPoint(build: string, app: 'api' | 'worker' | 'cli' | 'demo', env: NodeJS.ProcessEnv, args: string[] = []): ServerRun {
  const entry = app === 'demo' ? path.join('apps', 'api', 'src', 'demo.js') : path.join('apps', app, 'src', 'main.js');
  const child = spawn(process.execPath, [path.join(build, entry), ...args], {
    cwd: ROOT,
    // Only what the test gives: no setting of the developer's shell leaks in.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HOST: '127.0.0.1', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const run = { child, stdout: () => out, stderr: () => err, exited };
  live.add(run);
  void exited.then(() => live.delete(run));
  return run;
}

/** pino's JSON lines of a run's stdout. */
export function logLines(text: string): Array<{ level: number; msg: string } & Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });
}

/** The port the API reports once it listens (PORT=0 lets the system pick a free one). */
export async function listeningPort(run: ServerRun, timeoutMs = 180_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = logLines(run.stdout()).find((entry) => entry.msg.startsWith('İYS API listening on '));
    if (line) return Number(new URL(String(line.url)).port);
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      throw new Error(`the API exited before listening (${run.child.exitCode ?? run.child.signalCode}): ${run.stderr()}`);
    }
    if (Date.now() > deadline) throw new Error(`the API did not listen within ${timeoutMs} ms: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
