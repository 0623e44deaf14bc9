import { afterAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DatabaseStartError, startEmbeddedPostgres } from './embedded-postgres.launcher.js';

describe('startEmbeddedPostgres (the zero-setup database)', () => {
  const folders: string[] = [];
  const tempFolder = async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'iys-embedded-'));
    await fs.chmod(folder, 0o755);
    folders.push(folder);
    return folder;
  };
  afterAll(() => Promise.all(folders.map((folder) => fs.rm(folder, { recursive: true, force: true }))));

  it('creates the cluster and database on first start and keeps the data across restarts', async () => {
    const dataDir = path.join(await tempFolder(), '.data');
    const first = await startEmbeddedPostgres({ dataDir, database: 'iys' });
    try {
      const client = new pg.Client({ connectionString: first.url });
      await client.connect();
      await client.query('CREATE TABLE kept (value text)');
      await client.query(`INSERT INTO kept VALUES ('survives')`);
      await client.end();
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres({ dataDir, database: 'iys' });
    try {
      const client = new pg.Client({ connectionString: second.url });
      await client.connect();
      const { rows } = await client.query('SELECT value FROM kept');
      await client.end();
      expect(rows).toEqual([{ value: 'survives' }]);
    } finally {
      await second.stop();
    }
  });

  it('names the folder when the data folder cannot be created', async () => {
    const file = path.join(await tempFolder(), 'not-a-folder');
    await fs.writeFile(file, '');
    const dataDir = path.join(file, 'data');
    const error = await startEmbeddedPostgres({ dataDir, database: 'iys' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect((error as Error).message).toContain(`Cannot use the data folder ${dataDir}`);
    expect((error as Error).message).not.toContain('\n');
  });

  it('names the port when the configured one is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const error = await startEmbeddedPostgres({ dataDir: await tempFolder(), database: 'iys', port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseStartError);
      expect((error as Error).message).toBe(
        `Cannot start the embedded PostgreSQL: port ${port} is already in use (set EMBEDDED_PG_PORT=0 to pick a free one).`,
      );
    } finally {
      blocker.close();
    }
  });
});
