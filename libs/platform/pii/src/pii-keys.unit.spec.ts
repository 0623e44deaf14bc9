import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadPiiKeys } from './pii-keys.js';

describe('loadPiiKeys', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iys-pii-keys-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses to start in production without keys, naming both variables', () => {
    const devKeyFile = path.join(dir, 'prod', 'keys.json');
    expect(() => loadPiiKeys({ production: true, devKeyFile })).toThrow(/IYS_MASTER_KEY.*IYS_HMAC_KEY/);
    expect(fs.existsSync(devKeyFile)).toBe(false);
  });

  it('names only the missing variable in production', () => {
    const master = randomBytes(32).toString('base64');
    expect(() => loadPiiKeys({ production: true, masterKeyBase64: master, devKeyFile: path.join(dir, 'x.json') })).toThrow(
      /^IYS_HMAC_KEY must be set/,
    );
  });

  it('uses the given keys', () => {
    const master = randomBytes(32);
    const hmac = randomBytes(32);
    const keys = loadPiiKeys({
      production: true,
      masterKeyBase64: master.toString('base64'),
      hmacKeyBase64: hmac.toString('base64'),
      devKeyFile: path.join(dir, 'unused.json'),
    });
    expect(keys.masterKey.equals(master)).toBe(true);
    expect(keys.hmacKey.equals(hmac)).toBe(true);
    expect(keys.generated).toBe(false);
  });

  it('refuses a key that is not base64 of 32 bytes, naming the variable', () => {
    expect(() =>
      loadPiiKeys({ production: true, masterKeyBase64: 'c2hvcnQ=', hmacKeyBase64: randomBytes(32).toString('base64'), devKeyFile: path.join(dir, 'y.json') }),
    ).toThrow(/IYS_MASTER_KEY must be base64 of exactly 32 bytes/);
  });

  it('generates development keys once, privately, and reuses them after a restart', () => {
    const devKeyFile = path.join(dir, 'nested', 'data', 'pii-keys.json');
    const first = loadPiiKeys({ production: false, devKeyFile });
    const second = loadPiiKeys({ production: false, devKeyFile });

    expect(first.generated).toBe(true);
    expect(second.generated).toBe(false);
    expect(first.masterKey).toHaveLength(32);
    expect(first.masterKey.equals(first.hmacKey)).toBe(false);
    expect(second.masterKey.equals(first.masterKey)).toBe(true);
    expect(second.hmacKey.equals(first.hmacKey)).toBe(true);
    expect(fs.statSync(devKeyFile).mode & 0o777).toBe(0o600);
  });

  it('lets a given development key override the stored one', () => {
    const devKeyFile = path.join(dir, 'override.json');
    const stored = loadPiiKeys({ production: false, devKeyFile });
    const master = randomBytes(32);
    const keys = loadPiiKeys({ production: false, masterKeyBase64: master.toString('base64'), devKeyFile });
    expect(keys.masterKey.equals(master)).toBe(true);
    expect(keys.hmacKey.equals(stored.hmacKey)).toBe(true);
  });
});
