import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import semver from 'semver';

const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The oldest Node of each range our `engines.node` allows (`^20.19.0 || ^22.13.0 || >=24.11.0` → 20.19.0, 22.13.0, 24.11.0). */
function oldestAllowed(range: string): string[] {
  return new semver.Range(range).set.map((comparators) => semver.minVersion(comparators.map((comparator) => comparator.value).join(' '))!.version);
}

/** What a dependency's range must allow: the oldest of each of our ranges, and every later major's first release up to 26. */
function nodesToHonour(range: string): string[] {
  const later = [21, 22, 23, 24, 25, 26].map((major) => `${major}.0.0`).filter((node) => semver.satisfies(node, range));
  return [...new Set([...oldestAllowed(range), ...later])];
}

/**
 * `npm ci` warns EBADENGINE for every installed package whose own `engines.node` refuses the running
 * Node. The README states what package.json's `engines` states; this keeps the lock file (every package
 * `npm ci` installs, development ones included) from needing more than that.
 */
describe('the Node versions package.json promises', () => {
  it('states the same minimum as the README', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const stated = /Node\.js ≥ (\d+\.\d+)/.exec(readme)?.[1];
    expect(`${stated}.0`).toBe(oldestAllowed(manifest.engines.node)[0]);
  });

  it('is allowed by the engines of every package in the lock file', () => {
    const oldest = nodesToHonour(manifest.engines.node);
    expect(oldestAllowed(manifest.engines.node)).toEqual(['20.19.0', '22.13.0', '24.11.0']);
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path.startsWith('node_modules/'))
      .flatMap(([path, entry]) => {
        const wanted = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
        if (!wanted) return [];
        return oldest.filter((node) => !semver.satisfies(node, wanted)).map((node) => `${path}@${entry.version} wants node ${wanted}, refuses ${node}`);
      });
    expect(refusing).toEqual([]);
  });
});
