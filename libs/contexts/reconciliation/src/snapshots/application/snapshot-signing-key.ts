import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@iys/platform/nest';

/** The settings this key reads (IYS_SIGNING_KEY is optional on AppConfig). */
export interface SigningKeyConfig {
  IYS_SIGNING_KEY?: string;
  IYS_DATA_DIR: string;
  NODE_ENV: string;
  isProduction: boolean;
}

export interface SigningKeySources {
  /** Base64 of a PKCS#8 DER Ed25519 private key. */
  privateKeyBase64?: string;
  production: boolean;
  /** Where a development key is kept between restarts, e.g. `${IYS_DATA_DIR}/dev-signing-key.pem`. */
  devKeyFile: string;
  /** False (NODE_ENV=test): a missing key is generated in memory only, never written. */
  persist?: boolean;
}

export interface LoadedSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo DER of the public key. */
  publicKeyDer: Buffer;
  /** PEM (SPKI) of the public key, as published. */
  publicKeyPem: string;
  /** First 16 hex characters of SHA-256 of the SPKI DER. */
  publicKeyId: string;
  /** True when this call created the development key file. */
  generated: boolean;
}

/** The id under which a public key is published: first 16 hex of SHA-256(SPKI DER). */
export function publicKeyIdOf(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('hex').slice(0, 16);
}

/**
 * The snapshot signing key. Production must be given IYS_SIGNING_KEY: a generated key would sign
 * with a key nobody published. Development generates one and keeps it beside the embedded database
 * (`dev-signing-key.pem`, mode 0600, created with 'wx' so two processes starting together agree).
 * Tests (persist: false) get a fresh in-memory key and write nothing.
 */
export function loadSigningKey(sources: SigningKeySources): LoadedSigningKey {
  if (sources.privateKeyBase64) return describe(parseGivenKey(sources.privateKeyBase64), false);
  if (sources.production) throw new Error('IYS_SIGNING_KEY must be set in production (base64 of a PKCS#8 DER Ed25519 private key)');
  if (sources.persist === false) return describe(generateKeyPairSync('ed25519').privateKey, true);
  const fresh = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  fs.mkdirSync(path.dirname(sources.devKeyFile), { recursive: true });
  let generated = true;
  try {
    fs.writeFileSync(sources.devKeyFile, fresh, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    generated = false;
  }
  const pem = generated ? fresh : fs.readFileSync(sources.devKeyFile, 'utf8');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(`development signing key file ${sources.devKeyFile} is unreadable; delete it to generate a new one`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${sources.devKeyFile} does not hold an Ed25519 private key`);
  return describe(key, generated);
}

function parseGivenKey(raw: string): KeyObject {
  const base64 = raw.trim();
  const der = Buffer.from(base64, 'base64');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('IYS_SIGNING_KEY must be base64 of a PKCS#8 DER Ed25519 private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`IYS_SIGNING_KEY is a ${key.asymmetricKeyType} key; an Ed25519 key is required`);
  return key;
}

function describe(privateKey: KeyObject, generated: boolean): LoadedSigningKey {
  const publicKey = createPublicKey(privateKey);
  const publicKeyDer = publicKey.export({ format: 'der', type: 'spki' });
  return {
    privateKey,
    publicKey,
    publicKeyDer,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }) as string,
    publicKeyId: publicKeyIdOf(publicKeyDer),
    generated,
  };
}

/** The SPKI DER of a stored public key as PEM. */
export function spkiDerToPem(der: Buffer): string {
  return createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }) as string;
}

/** The loaded key for this process, read once on first use. */
@Injectable()
export class SnapshotSigningKey {
  private loaded?: LoadedSigningKey;

  constructor(@Inject(APP_CONFIG) private readonly config: SigningKeyConfig) {}

  get key(): LoadedSigningKey {
    this.loaded ??= loadSigningKey({
      privateKeyBase64: this.config.IYS_SIGNING_KEY,
      production: this.config.isProduction,
      devKeyFile: path.join(path.resolve(this.config.IYS_DATA_DIR), 'dev-signing-key.pem'),
      persist: this.config.NODE_ENV !== 'test',
    });
    return this.loaded;
  }

  sign(message: Buffer): Buffer {
    return sign(null, message, this.key.privateKey);
  }

  verify(message: Buffer, signature: Buffer): boolean {
    return verify(null, message, this.key.publicKey, signature);
  }
}
