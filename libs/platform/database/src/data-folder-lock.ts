import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Who runs the embedded PostgreSQL of a data folder (ADR 0027). The process that starts it holds
 * `<dataDir>/embedded-postgres.lock` until it has stopped it. The lock is created with its content
 * in one atomic step (a hard link of a finished file fails if the name exists), so of two starts on
 * one folder exactly one gets it, and a reader never sees a half-written one.
 */
export interface DataFolderLock {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  /** The holder's start time from /proc where there is one: a reused pid is not the holder. */
  started?: string;
}

export class DataFolderInUseError extends Error {}

const LOCK_FILE = 'embedded-postgres.lock';

/** Takes the folder's lock; a lock left by a process that no longer exists (killed, crashed) is taken over. */
export async function lockDataFolder(dataDir: string): Promise<DataFolderLock & { tookOverFrom?: number }> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const me: Holder = { pid: process.pid, started: processStartTime(process.pid) };
  const draft = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await fs.writeFile(draft, JSON.stringify(me));
  let tookOverFrom: number | undefined;
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await fs.link(draft, lockPath);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      }
      const holder = readHolder(lockPath);
      if (holder && isRunning(holder)) {
        throw new DataFolderInUseError(`the data folder ${dataDir} is in use by another İYS process (pid ${holder.pid})`);
      }
      // Left by a run that ended without releasing it (kill -9, power loss): its server is an orphan.
      tookOverFrom = holder?.pid;
      await fs.rm(lockPath, { force: true });
    }
  } finally {
    await fs.rm(draft, { force: true });
  }
  return {
    tookOverFrom,
    async release() {
      const holder = readHolder(lockPath);
      if (holder?.pid === me.pid && holder.started === me.started) await fs.rm(lockPath, { force: true });
    },
  };
}

/** The PostgreSQL alive on a cluster folder, from its postmaster.pid (pid on line 1, port on line 4). */
export function runningPostmaster(clusterDir: string): { pid: number; port?: number } | undefined {
  const recorded = readPostmasterPid(clusterDir);
  if (!recorded || !exists(recorded.pid) || !isPostmasterOf(recorded.pid, clusterDir)) return undefined;
  return recorded;
}

/**
 * A postmaster.pid naming a live process that is not this folder's postgres (its pid reused after a
 * reboot or container restart) would make PostgreSQL refuse to start: it is removed.
 */
export async function removeStalePostmasterPid(clusterDir: string): Promise<void> {
  const recorded = readPostmasterPid(clusterDir);
  if (recorded && exists(recorded.pid) && readProc(recorded.pid, 'cmdline') !== undefined && !isPostmasterOf(recorded.pid, clusterDir)) {
    await fs.rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
  }
}

function readPostmasterPid(clusterDir: string): { pid: number; port?: number } | undefined {
  let fields: string[];
  try {
    fields = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(fields[0]);
  const port = Number(fields[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port: Number.isInteger(port) && port > 0 ? port : undefined };
}

/** Where /proc tells: is the process a postgres started on this very folder? Elsewhere assumed. */
function isPostmasterOf(pid: number, clusterDir: string): boolean {
  const commandLine = readProc(pid, 'cmdline');
  return commandLine === undefined || commandLine.split('\0').includes(clusterDir);
}

/** The parent of a process, where /proc tells (1 or a sub-reaper once its parent was killed). */
export function parentOf(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  if (stat === undefined) return undefined;
  const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return Number.isInteger(parent) ? parent : undefined;
}

/**
 * Stops an orphaned postmaster: fast shutdown (SIGINT: sessions are cut, the data stays consistent),
 * then immediate shutdown (SIGQUIT) if it has not stopped within `graceMs`. Waits until it is gone.
 */
export async function stopOrphanedPostmaster(clusterDir: string, pid: number, graceMs = 20_000): Promise<void> {
  const gone = () => !existsSync(path.join(clusterDir, 'postmaster.pid')) || !exists(pid) || isZombie(pid);
  for (const [signal, waitMs] of [['SIGINT', graceMs], ['SIGQUIT', 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return; // already gone
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (gone()) return;
      await delay(50);
    }
  }
  if (!gone()) throw new Error(`the PostgreSQL left running by an earlier start (pid ${pid}) did not stop`);
}

function readHolder(lockPath: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(lockPath, 'utf8')) as Holder;
    return Number.isInteger(holder.pid) && holder.pid > 0 ? holder : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(holder: Holder): boolean {
  if (!exists(holder.pid) || isZombie(holder.pid)) return false;
  const started = processStartTime(holder.pid);
  return holder.started === undefined || started === undefined || started === holder.started;
}

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

function isZombie(pid: number): boolean {
  const stat = readProc(pid, 'stat');
  return stat !== undefined && stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

/** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
function processStartTime(pid: number): string | undefined {
  const stat = readProc(pid, 'stat');
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function readProc(pid: number, file: 'stat' | 'cmdline'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
