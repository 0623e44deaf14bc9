import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { REGISTRY_VERSION } from './version.js';

describe('the registry version', () => {
  it('is the one package.json states', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(REGISTRY_VERSION).toBe(manifest.version);
  });
});
