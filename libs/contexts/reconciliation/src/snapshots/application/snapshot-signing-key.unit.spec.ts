import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadSigningKey, publicKeyIdOf, spkiDerToPem } from './snapshot-signing-key.js';

describe('snapshot signing key (Ed25519)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iys-signing-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes IYS_SIGNING_KEY (base64 PKCS#8 DER) and names the public key by SHA-256 of its SPKI DER', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const loaded = loadSigningKey({ privateKeyBase64: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'), production: true, devKeyFile: join(dir, 'unused.pem') });
    expect(loaded.generated).toBe(false);
    expect(loaded.publicKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(loaded.publicKeyId).toBe(publicKeyIdOf(loaded.publicKeyDer));
    const message = Buffer.from('root');
    expect(verify(null, message, createPublicKey(loaded.publicKeyPem), sign(null, message, privateKey))).toBe(true);
    expect(spkiDerToPem(loaded.publicKeyDer)).toBe(loaded.publicKeyPem);
    expect(existsSync(join(dir, 'unused.pem'))).toBe(false);
  });

  it('refuses a missing key in production, and a key that is not Ed25519', () => {
    expect(() => loadSigningKey({ production: true, devKeyFile: join(dir, 'x.pem') })).toThrow(/IYS_SIGNING_KEY must be set in production/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(() => loadSigningKey({ privateKeyBase64: rsa, production: false, devKeyFile: join(dir, 'x.pem') })).toThrow(/Ed25519/);
    expect(() => loadSigningKey({ privateKeyBase64: 'bm90IGEga2V5', production: false, devKeyFile: join(dir, 'x.pem') })).toThrow(/PKCS#8/);
  });

  it('generates a development key once and keeps it (mode 0600); tests keep theirs in memory', () => {
    const file = join(dir, 'dev', 'dev-signing-key.pem');
    const first = loadSigningKey({ production: false, devKeyFile: file });
    expect(first.generated).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN PRIVATE KEY');
    const again = loadSigningKey({ production: false, devKeyFile: file });
    expect(again.generated).toBe(false);
    expect(again.publicKeyId).toBe(first.publicKeyId);
    const ephemeral = loadSigningKey({ production: false, devKeyFile: join(dir, 'never.pem'), persist: false });
    expect(existsSync(join(dir, 'never.pem'))).toBe(false);
    expect(ephemeral.publicKeyId).not.toBe(first.publicKeyId);
  });
});
