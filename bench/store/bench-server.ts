import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@iys/platform/database';

/**
 * The one PostgreSQL server a benchmark run uses: a fresh, throw-away embedded server, or the server
 * named by DATABASE_URL. Either way every database the run creates is dropped at the end.
 *
 * The embedded server runs with fsync, synchronous_commit and full_page_writes off (nothing of it
 * survives the run), which flatters per-transaction workloads. `BENCH_DURABLE=1` starts it with all
 * three on instead, as a production server runs: the same figures, durable (docs/benchmarks.md).
 */
export const BENCH_DURABLE = process.env.BENCH_DURABLE === '1';

export interface BenchServer {
  /** `embedded` or `embedded, durable` or the DATABASE_URL host (never its credentials). */
  kind: string;
  createDatabase(suffix: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * `commitTimestamps`: the embedded server keeps each transaction's commit time
 * (`track_commit_timestamp`), so a bench can split a lag at the commit (`pg_xact_commit_timestamp`).
 */
export async function openBenchServer({ commitTimestamps = false }: { commitTimestamps?: boolean } = {}): Promise<BenchServer> {
  const external = process.env.DATABASE_URL;
  let adminUrl: string;
  let stopServer: () => Promise<void> = async () => undefined;
  let kind: string;
  if (external) {
    adminUrl = external;
    kind = `external (${new URL(external).host})`;
  } else {
    // A fresh folder the `postgres` system user can traverse when we run as root.
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'iys-bench-'));
    await fs.chmod(dataDir, 0o755);
    // Later -c flags win over the throw-away defaults.
    const durable = BENCH_DURABLE ? ['-c', 'fsync=on', '-c', 'synchronous_commit=on', '-c', 'full_page_writes=on'] : [];
    const commits = commitTimestamps ? ['-c', 'track_commit_timestamp=on'] : [];
    const running = await startEmbeddedPostgres({ dataDir, database: 'postgres', persistent: false, port: 0, extraFlags: [...durable, ...commits] });
    adminUrl = running.url;
    kind = BENCH_DURABLE ? 'embedded, durable (fsync, synchronous_commit, full_page_writes on)' : 'embedded';
    stopServer = async () => {
      await running.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    };
  }

  const runId = randomBytes(4).toString('hex');
  const created: string[] = [];
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();

  return {
    kind,
    async createDatabase(suffix: string): Promise<string> {
      const name = `iys_bench_${runId}${suffix ? `_${suffix}` : ''}`;
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async close(): Promise<void> {
      try {
        for (const name of created.reverse()) {
          await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
        }
      } finally {
        await admin.end().catch(() => undefined);
        await stopServer();
      }
    },
  };
}
