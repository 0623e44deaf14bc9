import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';
import { PUBLISHED_SECRET_DIGESTS, secretProblem } from './secret-checks.js';

const fresh = () => randomBytes(32).toString('base64');
// Rebuilt byte by byte, so this spec does not itself publish the old defaults as literals.
const repeated = (byte: number) => Buffer.alloc(32, byte).toString('base64');

describe('secretProblem', () => {
  it('accepts 32 random bytes', () => {
    expect(secretProblem('IYS_HMAC_KEY', fresh(), 'base64')).toBeUndefined();
    expect(secretProblem('IYS_SMS_WEBHOOK_SECRET', randomBytes(24).toString('base64url'), 'utf8')).toBeUndefined();
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(secretProblem('IYS_TOKEN_SIGNING_KEY', randomBytes(31).toString('base64'), 'base64')).toMatch(/at least 32 bytes/);
    expect(secretProblem('IYS_SMS_WEBHOOK_SECRET', 'x'.repeat(10) + randomBytes(8).toString('hex'), 'utf8')).toMatch(/at least 32 bytes/);
  });

  it('refuses one byte repeated, whatever the byte', () => {
    for (const byte of [0x02, 0x41, 0xff]) expect(secretProblem('IYS_MASTER_KEY', repeated(byte), 'base64')).toMatch(/one byte repeated/);
    expect(secretProblem('IYS_SMS_WEBHOOK_SECRET', 'a'.repeat(40), 'utf8')).toMatch(/one byte repeated/);
  });

  it('refuses a value whose SHA-256 is on the published list, and only digests are listed', () => {
    const published = 'a value that once appeared in a committed file, 0123456789';
    const digest = createHash('sha256').update(published).digest('hex');
    (PUBLISHED_SECRET_DIGESTS as Set<string>).add(digest);
    try {
      expect(secretProblem('IYS_SMS_WEBHOOK_SECRET', published, 'utf8')).toMatch(/published/);
      expect(secretProblem('IYS_SMS_WEBHOOK_SECRET', ` ${published}\n`, 'utf8')).toMatch(/published/);
    } finally {
      (PUBLISHED_SECRET_DIGESTS as Set<string>).delete(digest);
    }
    for (const entry of PUBLISHED_SECRET_DIGESTS) expect(entry).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists the former docker-compose defaults (all zero bytes and all 0x01 bytes)', () => {
    for (const byte of [0x00, 0x01]) {
      expect(PUBLISHED_SECRET_DIGESTS.has(createHash('sha256').update(repeated(byte)).digest('hex'))).toBe(true);
    }
  });
});

describe('loadConfig key checks', () => {
  it.each(['development', 'test', 'production'])('refuses a weak key in %s, naming it', (NODE_ENV) => {
    const attempt = () => loadConfig({ NODE_ENV, IYS_HMAC_KEY: repeated(0x01), IYS_MASTER_KEY: fresh() });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/IYS_HMAC_KEY is a value published/);
  });

  it('refuses a short or published SMS-gateway secret outside production too', () => {
    expect(() => loadConfig({ IYS_SMS_WEBHOOK_SECRET: 'short-secret' })).toThrow(/IYS_SMS_WEBHOOK_SECRET must hold at least 32 bytes/);
  });

  it('checks the token signing key and the snapshot signing key as well', () => {
    expect(() => loadConfig({ IYS_TOKEN_SIGNING_KEY: repeated(0x07) })).toThrow(/IYS_TOKEN_SIGNING_KEY is one byte repeated/);
    expect(() => loadConfig({ IYS_SIGNING_KEY: randomBytes(16).toString('base64') })).toThrow(/IYS_SIGNING_KEY must hold at least 32 bytes/);
  });

  it('refuses, in production, the administrator password the end-to-end tests use', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', IYS_ADMIN_USERNAME: 'admin', IYS_ADMIN_PASSWORD: 'correct horse battery staple' })).toThrow(
      /IYS_ADMIN_PASSWORD is a value published/,
    );
  });

  it('accepts fresh random keys and reports every problem on one line', () => {
    expect(() => loadConfig({ IYS_MASTER_KEY: fresh(), IYS_HMAC_KEY: fresh(), IYS_TOKEN_SIGNING_KEY: fresh() })).not.toThrow();
    try {
      loadConfig({ IYS_MASTER_KEY: repeated(0), IYS_HMAC_KEY: repeated(9) });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).toMatch(/IYS_MASTER_KEY.*IYS_HMAC_KEY/);
    }
  });
});
