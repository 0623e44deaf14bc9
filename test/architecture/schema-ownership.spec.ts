import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const contextsDir = join(repoRoot, 'libs', 'contexts');

// A table named after the keyword that reads or writes it: `FROM consent.brands`, `JOIN …`, `INTO …`.
const TABLE_USE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+([a-z_]+)\.([a-z_]+)/gi;

/** `context/file: schema.table` for every table of another context's schema that a context's SQL names. */
export function foreignTableUses(files: { context: string; path: string; source: string }[], contextSchemas: string[]): string[] {
  return files.flatMap(({ context, path, source }) =>
    [...source.matchAll(TABLE_USE)]
      .filter(([, schema]) => contextSchemas.includes(schema) && schema !== context.replace(/-/g, '_'))
      .map(([, schema, table]) => `${path}: ${schema}.${table}`),
  );
}

describe('schema ownership', () => {
  const contexts = readdirSync(contextsDir).sort();
  const schemas = contexts.map((context) => context.replace(/-/g, '_'));

  it("keeps each context's SQL to its own schema (and the platform's): another context is asked through @iys/contracts", () => {
    const files = contexts.flatMap((context) =>
      readdirSync(join(contextsDir, context, 'src'), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
        .map((file) => ({ context, path: join(context, 'src', file).split(sep).join('/'), source: readFileSync(join(contextsDir, context, 'src', file), 'utf8') })),
    );
    expect(files.length).toBeGreaterThan(100);
    expect(foreignTableUses(files, schemas)).toEqual([]);
  });

  it('self-test: finds a guard that joins another context’s table, and lets platform schemas pass', () => {
    const source = `SELECT 1 FROM identity_access.sessions s JOIN service_provider.integrator_grants g ON true;
      INSERT INTO event_store.events VALUES (1)`;
    expect(foreignTableUses([{ context: 'identity-access', path: 'guard.ts', source }], ['identity_access', 'service_provider'])).toEqual([
      'guard.ts: service_provider.integrator_grants',
    ]);
  });
});
