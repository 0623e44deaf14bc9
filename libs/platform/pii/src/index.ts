import { PiiVault1732300001000 } from './migrations/1732300001000-pii-vault.migration.js';
import { DirectoryKeys1732300040100 } from './migrations/1732300040100-directory-keys.migration.js';

export * from './address-normaliser.js';
export * from './address-hmac.js';
export * from './envelope-cipher.js';
export * from './pii-keys.js';
export * from './pii-vault.js';
export { PiiVault1732300001000 };

export const piiMigrations = [PiiVault1732300001000, DirectoryKeys1732300040100];
export * from './subject-erasure.js';
export * from './one-time-code.js';
