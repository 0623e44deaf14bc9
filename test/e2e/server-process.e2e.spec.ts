import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, waitUntil, type TestDatabase } from '@iys/platform/testing';
import { buildServer, freePort, startServer, type BuiltServer } from '../support/built-server.js';
import { documentedFetch } from './documented-fetch.js';

/**
 * The compiled server as an operator starts it: weak keys stop it with one line on stderr, and it
 * runs as an unprivileged user that owns nothing but a fresh data folder (the production image's
 * situation, docs/runbooks/key-rotation.md).
 */
describe('the server process', () => {
  let built: BuiltServer;

  beforeAll(async () => {
    built = await buildServer();
  }, 600_000); // a compile on a busy machine
  afterAll(() => built?.remove());

  // Rebuilt at run time so no key appears literally here: the old compose default (all 0x01 bytes),
  // all zeros, and a 16-byte key.
  const weakKeys: Array<[string, Record<string, string>, RegExp]> = [
    ['the former compose default HMAC key', { IYS_HMAC_KEY: Buffer.alloc(32, 1).toString('base64') }, /IYS_HMAC_KEY is a value published/],
    ['a master key of one repeated byte', { IYS_MASTER_KEY: Buffer.alloc(32, 0x5a).toString('base64') }, /IYS_MASTER_KEY is one byte repeated/],
    ['a short SMS-gateway secret', { IYS_SMS_WEBHOOK_SECRET: randomBytes(16).toString('hex').slice(0, 20) }, /IYS_SMS_WEBHOOK_SECRET must hold at least 32 bytes/],
  ];

  it.each(weakKeys)('refuses to start with %s: one line on stderr, non-zero exit', async (_label, env, message) => {
    for (const NODE_ENV of ['development', 'production']) {
      const server = startServer(built.main, { NODE_ENV, ...env });
      const code = await server.exited;
      expect(code).not.toBe(0);
      expect(server.stderr()).toMatch(message);
      expect(server.stderr().trimEnd().split('\n')).toHaveLength(1);
    }
  }, 120_000);

  const runsAsRoot = process.getuid?.() === 0;
  if (!runsAsRoot) {
    it.skip('starts as an unprivileged user (skipped: only root can switch to another user for this test)', () => undefined);
    return;
  }

  describe('as an unprivileged user with a fresh data folder', () => {
    const NOBODY = 65534;
    let db: TestDatabase;
    let home: string;

    beforeAll(async () => {
      db = await createTestDatabase([]); // empty: the server applies its own migrations
      home = mkdtempSync(path.join(os.tmpdir(), 'iys-nonroot-'));
      chownSync(home, NOBODY, NOBODY);
    }, 120_000);
    afterAll(async () => {
      await db?.drop();
      rmSync(home, { recursive: true, force: true });
    });

    it('becomes healthy, writes its data folder and serves the route that needs it', async () => {
      const port = await freePort();
      const dataDir = path.join(home, 'data'); // does not exist yet: the server creates it
      const server = startServer(
        built.main,
        { NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: db.url, IYS_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOME: home },
        { uid: NOBODY },
      );
      try {
        const base = `http://127.0.0.1:${port}`;
        const status = await waitUntil(
          () => documentedFetch(`${base}/health`).then((response) => response.status, () => (server.child.exitCode === null ? 0 : -1)),
          (value) => value === 200 || value === -1,
          { timeoutMs: 120_000, intervalMs: 100, description: 'the server to answer /health' },
        );
        expect({ status, stderr: status === 200 ? '' : server.stderr() }).toEqual({ status: 200, stderr: '' });
        // The signing key route writes the development snapshot key into the data folder.
        expect((await documentedFetch(`${base}/reconciliation/signing-key`)).status).toBe(200);
        for (const file of ['dev-keys.json', 'dev-signing-key.pem']) {
          expect(existsSync(path.join(dataDir, file))).toBe(true);
          expect(statSync(path.join(dataDir, file)).uid).toBe(NOBODY);
        }
        expect(statSync(dataDir).uid).toBe(NOBODY);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    }, 180_000);
  });
});
