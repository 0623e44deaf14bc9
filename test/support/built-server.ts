import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BuiltServer {
  /** The compiled API entry point (what the image runs as dist/apps/api/src/main.js). */
  main: string;
  remove(): void;
}

/**
 * Compiles the application as `npm run build` does (tsc, then tsc-alias), into a temporary folder
 * readable by every user, so a test can start the real server process. Type checking is skipped
 * (`--noCheck`): `npm test` has already run it, and it is most of the compiler's time.
 */
export async function buildServer(): Promise<BuiltServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iys-built-'));
  chmodSync(dir, 0o755);
  const bin = (name: string) => path.join(repoRoot, 'node_modules', '.bin', name);
  await run(bin('tsc'), ['-p', 'tsconfig.build.json', '--noCheck', '--outDir', dir], { cwd: repoRoot });
  await run(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', dir], { cwd: repoRoot });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  return { main: path.join(dir, 'apps', 'api', 'src', 'main.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { freePort } from '@iys/platform/testing';

export interface ServerProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * Starts the compiled server with exactly `env` (plus PATH), optionally as another user through
 * `setpriv` (only root may switch users).
 */
export function startServer(main: string, env: Record<string, string>, { uid, gid }: { uid?: number; gid?: number } = {}): ServerProcess {
  const command = uid === undefined ? [process.execPath, main] : ['setpriv', `--reuid=${uid}`, `--regid=${gid ?? uid}`, '--clear-groups', process.execPath, main];
  const child = spawn(command[0], command.slice(1), { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return { child, stdout: () => out, stderr: () => err, exited };
}
