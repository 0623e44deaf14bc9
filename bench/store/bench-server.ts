import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@iys/platform/database';

/**
 * The one PostgreSQL server a benchmark run uses: a fresh, throw-away embedded server, or the server
 * named by DATABASE_URL. Either way every database the run creates is dropped at the end.
 */
export interface BenchServer {
  /** `embedded` or the DATABASE_URL host (never its credentials). */
  kind: string;
  createDatabase(suffix: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBenchServer(): Promise<BenchServer> {
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
    const running = await startEmbeddedPostgres({ dataDir, database: 'postgres', persistent: false, port: 0 });
    adminUrl = running.url;
    kind = 'embedded';
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
