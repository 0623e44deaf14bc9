import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, suffix) : name.endsWith(suffix) ? [path] : [];
  });
}

describe('the typed bus', () => {
  it.each([
    ['.command.ts', 'Command'],
    ['.query.ts', 'Query'],
  ])('every *%s declares its result type (extends %s<T>), so execute() is typed for every caller', (suffix, base) => {
    const files = filesUnder(join(repoRoot, 'libs', 'contexts'), suffix);
    expect(files.length).toBeGreaterThan(0);
    const untyped = files.filter((file) => !new RegExp(`export class \\w+ extends ${base}<`).test(readFileSync(file, 'utf8')));
    expect(untyped.map((file) => relative(repoRoot, file))).toEqual([]);
  });
});
