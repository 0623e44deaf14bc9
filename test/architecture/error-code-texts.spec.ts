import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// A code table row (`H195: { status: 403, message: '…' }` or `H250: '…'`) or a DomainError built
// with a literal text: each defines what a code says. Registering is by the code table (ADR 0014).
const TABLE_ROW = /\b(H\d{3}):\s*(?:\{\s*status:\s*\d+,\s*message:\s*)?['"`]/g;
const LITERAL_ERROR = /new DomainError\(\s*'(H\d{3})',\s*['"`]/g;

function productionSources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .map((file) => join(dir, file).split(sep).join('/'))
    .filter((file) => file.endsWith('.ts') && !/\.(spec|fixtures)\.ts$/.test(file) && !file.includes('/testing/'));
}

/** Code → the files that define its text, for every code defined in more than one file. */
export function codesDefinedTwice(files: { path: string; source: string }[]): Record<string, string[]> {
  const definedIn = new Map<string, Set<string>>();
  for (const { path, source } of files) {
    for (const [, code] of [...source.matchAll(TABLE_ROW), ...source.matchAll(LITERAL_ERROR)]) {
      definedIn.set(code, (definedIn.get(code) ?? new Set()).add(path));
    }
  }
  return Object.fromEntries([...definedIn].filter(([, paths]) => paths.size > 1).map(([code, paths]) => [code, [...paths].sort()]));
}

describe('İYS error texts', () => {
  it('defines each code’s text in one file (shared codes in the platform’s SHARED_ERROR_CODES)', () => {
    const files = [...productionSources('libs'), ...productionSources('apps')].map((path) => ({ path, source: readFileSync(join(repoRoot, path), 'utf8') }));
    expect(codesDefinedTwice(files)).toEqual({});
  });

  it('self-test: finds a code whose text two files define', () => {
    expect(
      codesDefinedTwice([
        { path: 'a.ts', source: "export const A = { H195: { status: 403, message: 'x' } };" },
        { path: 'b.ts', source: "throw new DomainError('H195', 'x', ['brandCode']);" },
        { path: 'c.ts', source: "throw new DomainError('H196', iysCodeEntry('H196').message);" },
      ]),
    ).toEqual({ H195: ['a.ts', 'b.ts'] });
  });
});
