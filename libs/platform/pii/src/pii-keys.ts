import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KEY_BYTES } from './envelope-cipher.js';

export interface PiiKeySources {
  masterKeyBase64?: string;
  hmacKeyBase64?: string;
  production: boolean;
  /** Where development keys are kept between restarts, e.g. `${IYS_DATA_DIR}/dev-keys.json`. */
  devKeyFile: string;
}

export interface PiiKeys {
  masterKey: Buffer;
  hmacKey: Buffer;
  /** True when this call created the development key file. */
  generated: boolean;
}

interface DevKeyFile {
  masterKey: string;
  hmacKey: string;
}

/**
 * The vault's two keys. Production must be given both: a generated key would silently make every
 * stored value unreadable after a redeploy. Development persists generated keys beside the embedded
 * database, so its data stays readable across restarts without any setup.
 */
export function loadPiiKeys(sources: PiiKeySources): PiiKeys {
  const given = {
    masterKey: sources.masterKeyBase64 ? decodeKey(sources.masterKeyBase64, 'IYS_MASTER_KEY') : undefined,
    hmacKey: sources.hmacKeyBase64 ? decodeKey(sources.hmacKeyBase64, 'IYS_HMAC_KEY') : undefined,
  };
  if (given.masterKey && given.hmacKey) return { masterKey: given.masterKey, hmacKey: given.hmacKey, generated: false };
  if (sources.production) {
    const missing = [!given.masterKey && 'IYS_MASTER_KEY', !given.hmacKey && 'IYS_HMAC_KEY'].filter(Boolean);
    throw new Error(`${missing.join(' and ')} must be set in production (base64 of 32 random bytes each)`);
  }
  const { keys, generated } = readOrCreateDevKeys(sources.devKeyFile);
  return { masterKey: given.masterKey ?? keys.masterKey, hmacKey: given.hmacKey ?? keys.hmacKey, generated };
}

function readOrCreateDevKeys(file: string): { keys: Omit<PiiKeys, 'generated'>; generated: boolean } {
  const fresh: DevKeyFile = {
    masterKey: randomBytes(KEY_BYTES).toString('base64'),
    hmacKey: randomBytes(KEY_BYTES).toString('base64'),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let generated = true;
  try {
    // 'wx' fails if the file exists, so two processes starting together cannot overwrite each other's keys.
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    generated = false;
  }
  const stored = generated ? fresh : parseDevKeyFile(file);
  return {
    keys: { masterKey: decodeKey(stored.masterKey, `masterKey in ${file}`), hmacKey: decodeKey(stored.hmacKey, `hmacKey in ${file}`) },
    generated,
  };
}

function parseDevKeyFile(file: string): DevKeyFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevKeyFile>;
    if (typeof parsed.masterKey === 'string' && typeof parsed.hmacKey === 'string') {
      return { masterKey: parsed.masterKey, hmacKey: parsed.hmacKey };
    }
  } catch {
    // reported below with the file name
  }
  throw new Error(`development key file ${file} is unreadable; delete it only if the data encrypted with it may be lost`);
}

function decodeKey(raw: string, name: string): Buffer {
  const base64 = raw.trim();
  const key = Buffer.from(base64, 'base64');
  // Buffer.from skips invalid characters silently; the round trip catches a mistyped key.
  if (key.length !== KEY_BYTES || key.toString('base64') !== base64) {
    throw new Error(`${name} must be base64 of exactly ${KEY_BYTES} bytes`);
  }
  return key;
}
