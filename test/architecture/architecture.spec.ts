import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import type { IConfiguration, ICruiseOptions, ICruiseResult, IViolation } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const fixturesRoot = join(here, 'fixtures');
const tsConfigFile = join(repoRoot, 'tsconfig.json');
const SCANNED_ROOTS = ['apps', 'libs', 'test', 'bench'];

// The config is CommonJS so the depcruise CLI can read it too; require it rather than import it.
const config = createRequire(import.meta.url)('./dependency-cruiser.config.cjs') as IConfiguration;
const { APPLICATION_SQL_EXCEPTIONS } = createRequire(import.meta.url)('./application-sql-exceptions.cjs') as { APPLICATION_SQL_EXCEPTIONS: string[] };
/** The allow-list's size when the rule was introduced (docs/adr/0052); lower it as entries go, never raise it. */
const APPLICATION_SQL_EXCEPTIONS_CAP = 0;
// Its tsConfig.fileName is relative to the working directory; the spec passes an absolute one.
const { tsConfig: _cwdRelativeTsConfig, ...optionsWithoutTsConfig } = config.options ?? {};

/** Cruise options for the real repository: @iys/* aliases resolve through tsconfig.json. */
function repositoryOptions(overrides: ICruiseOptions = {}): ICruiseOptions {
  return {
    ...optionsWithoutTsConfig,
    baseDir: repoRoot,
    // Absolute, so the result does not depend on the directory jest was started from.
    tsConfig: { fileName: tsConfigFile },
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
    ...overrides,
  };
}

async function cruiseRepository(files: string[], overrides: ICruiseOptions = {}): Promise<ICruiseResult> {
  // cruise() resolves with the tsconfig named in the options; the parsed tsconfig (extends
  // flattened) is what the TypeScript parser needs — the CLI passes both the same way.
  const { output } = await cruise(files, repositoryOptions(overrides), {}, { tsConfig: extractTSConfig(tsConfigFile) });
  return asResult(output);
}

async function cruiseFixtures(): Promise<ICruiseResult> {
  // baseDir = fixtures, so fixture paths read `libs/contexts/…` and the real rules apply unchanged.
  const { output } = await cruise(['apps', 'libs'], {
    ...optionsWithoutTsConfig,
    baseDir: fixturesRoot,
    exclude: { path: '(^|/)dist/' },
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
  });
  return asResult(output);
}

function asResult(output: ICruiseResult | string): ICruiseResult {
  if (typeof output === 'string') throw new Error(`dependency-cruiser returned a report, not a result: ${output}`);
  return output;
}

/** One line per violation (plus the rule's reason), so a failing run reads like a lint report. */
function describeViolation(violation: IViolation): string {
  const reason = config.forbidden?.find((rule) => rule.name === violation.rule.name)?.comment;
  const cycle = violation.cycle?.length
    ? `\n    cycle: ${[violation.from, ...violation.cycle.map((hop) => hop.name)].join(' → ')}`
    : '';
  return `${violation.rule.severity} ${violation.rule.name}: ${violation.from} → ${violation.to}${cycle}${reason ? `\n    ${reason}` : ''}`;
}

/** rule, from and to only, with npm paths made independent of where node_modules sits. */
function violationKey(violation: IViolation): string {
  const to = violation.to.replace(/^(\.\.\/)*node_modules\//, 'node_modules/');
  return `${violation.rule.name}: ${violation.from} → ${to}`;
}

/** Repository-relative, '/'-separated paths of the .ts files under the given roots. */
function typeScriptFiles(baseDir: string, roots: string[]): string[] {
  return roots
    .filter((root) => existsSync(join(baseDir, root)))
    .flatMap((root) =>
      readdirSync(join(baseDir, root), { recursive: true, encoding: 'utf8' }).map((file) =>
        join(root, file).split(sep).join('/'),
      ),
    )
    .filter((file) => file.endsWith('.ts') && !/(^|\/)(node_modules|dist)\//.test(file))
    .sort();
}

// A handler belongs to exactly one use case: application/commands/<verb-noun>/,
// application/queries/<name>/, or (for integration events from other contexts) application/integration/.
const HANDLER_HOME = /(^|\/)application\/((commands|queries)\/[^/]+|integration(\/[^/]+)*)\/[^/]+\.handler\.ts$/;
function misplacedHandlers(files: string[]): string[] {
  return files.filter((file) => file.endsWith('.handler.ts') && !HANDLER_HOME.test(file));
}

// kebab-case words, then dot-separated kebab-case role suffixes: `register-consent.handler.ts`,
// `consent.unit.spec.ts`, `1732300000000-event-store.migration.ts`.
const KEBAB_CASE_FILE = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*\.ts$/;
function badlyNamedFiles(files: string[]): string[] {
  return files.filter((file) => !KEBAB_CASE_FILE.test(file.slice(file.lastIndexOf('/') + 1)));
}

describe('architecture', () => {
  it('resolves @iys/* path aliases to files (otherwise every path rule would pass silently)', async () => {
    const result = await cruiseRepository(['test/architecture/fixtures/alias-probe.ts'], {
      exclude: { path: '(^|/)dist/' },
      maxDepth: 1,
    });

    const probe = result.modules.find((module) => module.source === 'test/architecture/fixtures/alias-probe.ts');
    const resolved = Object.fromEntries(
      (probe?.dependencies ?? []).map((dependency) => [dependency.module, dependency]),
    );
    expect(resolved['@iys/consent']).toMatchObject({
      resolved: 'libs/contexts/consent/src/index.ts',
      couldNotResolve: false,
      dependencyTypes: expect.arrayContaining(['aliased-tsconfig-paths']),
    });
    expect(resolved['@iys/contracts']).toMatchObject({
      resolved: 'libs/contracts/src/index.ts',
      couldNotResolve: false,
    });
  });

  it('has no dependency-rule violations in apps, libs, test and bench', async () => {
    const result = await cruiseRepository(SCANNED_ROOTS);

    // Guard against a cruise that silently scanned nothing (wrong baseDir, over-eager exclude).
    const sources = result.modules.map((module) => module.source);
    expect(sources).toEqual(expect.arrayContaining(['libs/contexts/consent/src/index.ts', 'libs/contracts/src/index.ts']));
    expect(sources.filter((source) => source.startsWith('test/architecture/fixtures/'))).toEqual([]);

    expect(result.summary.violations.map(describeViolation)).toEqual([]);
  });

  it('keeps every *.handler.ts inside its use-case folder', () => {
    const files = typeScriptFiles(repoRoot, SCANNED_ROOTS).filter(
      (file) => !file.startsWith('test/architecture/fixtures/'),
    );
    expect(misplacedHandlers(files)).toEqual([]);
  });

  it('names every .ts file in kebab-case with dot-separated role suffixes', () => {
    expect(badlyNamedFiles(typeScriptFiles(repoRoot, SCANNED_ROOTS))).toEqual([]);
  });

  it('keeps the application-SQL allow-list shrinking: no more entries than before, none stale', () => {
    expect(APPLICATION_SQL_EXCEPTIONS.length).toBeLessThanOrEqual(APPLICATION_SQL_EXCEPTIONS_CAP);
    const files = typeScriptFiles(repoRoot, ['libs']);
    expect(APPLICATION_SQL_EXCEPTIONS.filter((pattern) => !files.some((file) => new RegExp(pattern).test(file)))).toEqual([]);
  });

  describe('self-test: the rules bite on test/architecture/fixtures', () => {
    it('reports exactly the planted dependency violations', async () => {
      const result = await cruiseFixtures();

      // Exact list: also proves what is allowed — apps importing a context's index, and the
      // cycle closed by a type-only import (type-cycle-a ↔ type-cycle-b) — stays unreported.
      expect(result.summary.violations.map(violationKey).sort()).toEqual(
        [
          'application-not-to-http: libs/contexts/alpha/src/application/commands/grant-access/grant-access.handler.ts → libs/contexts/alpha/src/infrastructure/http/alpha.controller.ts',
          'application-not-to-infrastructure: libs/contexts/alpha/src/application/alpha-records.reader.ts → libs/contexts/alpha/src/infrastructure/read-models/alpha-records.repository.ts',
          'application-sql-in-infrastructure: libs/contexts/alpha/src/application/alpha-records.reader.ts → node_modules/pg/lib/index.js',
          'apps-only-to-context-index: apps/api/src/app.module.ts → libs/contexts/alpha/src/domain/bad.domain.ts',
          'apps-not-to-other-apps: apps/worker/src/main.ts → apps/api/src/composition.ts',
          'context-not-to-other-context: libs/contexts/alpha/src/leak.ts → libs/contexts/beta/src/secret.ts',
          'contracts-not-to-contexts: libs/contracts/src/index.ts → libs/contexts/beta/src/secret.ts',
          'contracts-not-to-infrastructure: libs/contracts/src/index.ts → node_modules/@nestjs/common/index.js',
          'domain-not-to-infrastructure-packages: libs/contexts/alpha/src/domain/bad.domain.ts → node_modules/@nestjs/common/index.js',
          'domain-not-to-outer-layers: libs/contexts/alpha/src/domain/bad.domain.ts → libs/contexts/alpha/src/infrastructure/http/alpha.controller.ts',
          'no-runtime-cycles: libs/contexts/alpha/src/cycle-a.ts → libs/contexts/alpha/src/cycle-b.ts',
          'no-unresolvable-internal-import: libs/contexts/alpha/src/unresolved-import.ts → ./does-not-exist.js',
          'platform-not-to-contexts: libs/platform/leaky/src/index.ts → libs/contexts/alpha/src/index.ts',
          'production-not-to-testing: libs/contexts/alpha/src/uses-testing.ts → libs/platform/testing/src/index.ts',
          'reconciliation-concerns-not-to-root: libs/contexts/reconciliation/src/audit/module-back-edge.ts → libs/contexts/reconciliation/src/reconciliation.module.ts',
          'reconciliation-no-cycles: libs/contexts/reconciliation/src/reports/type-cycle-a.ts → libs/contexts/reconciliation/src/reports/type-cycle-b.ts',
          'reconciliation-reports-not-to-later-concerns: libs/contexts/reconciliation/src/reports/report-leak.ts → libs/contexts/reconciliation/src/snapshots/snapshot-root.ts',
          'reconciliation-shared-not-to-concerns: libs/contexts/reconciliation/src/shared/shared-date.ts → libs/contexts/reconciliation/src/reports/type-cycle-a.ts',
          'reconciliation-snapshots-not-to-audit: libs/contexts/reconciliation/src/snapshots/snapshot-root.ts → libs/contexts/reconciliation/src/audit/audit-answer.ts',
        ].sort(),
      );
    });

    it('exercises every rule in the config', async () => {
      const result = await cruiseFixtures();
      const violated = new Set(result.summary.violations.map((violation) => violation.rule.name));
      expect((config.forbidden ?? []).map((rule) => rule.name).filter((name) => !violated.has(name ?? ''))).toEqual([]);
    });

    it('flags a handler outside application/commands|queries/<name>/ or application/integration/', () => {
      expect(misplacedHandlers(typeScriptFiles(fixturesRoot, ['libs']))).toEqual([
        'libs/contexts/alpha/src/misplaced.handler.ts',
      ]);
      expect(
        misplacedHandlers([
          'libs/contexts/consent/src/application/commands/register-consent/register-consent.handler.ts',
          'libs/contexts/consent/src/application/queries/consent-status/consent-status.handler.ts',
          'libs/contexts/dealer/src/application/integration/consent-rejected.handler.ts',
          'libs/contexts/consent/src/application/commands/register-consent.handler.ts',
          'libs/contexts/consent/src/application/commands/a/b/deep.handler.ts',
          'libs/contexts/consent/src/infrastructure/http/consent.handler.ts',
        ]),
      ).toEqual([
        'libs/contexts/consent/src/application/commands/register-consent.handler.ts',
        'libs/contexts/consent/src/application/commands/a/b/deep.handler.ts',
        'libs/contexts/consent/src/infrastructure/http/consent.handler.ts',
      ]);
    });

    it('rejects file names that are not kebab-case', () => {
      expect(
        badlyNamedFiles([
          'libs/a/register-consent.handler.ts',
          'libs/a/consent.unit.spec.ts',
          'libs/a/1732300000000-event-store.migration.ts',
          'libs/a/RegisterConsent.handler.ts',
          'libs/a/register_consent.ts',
          'libs/a/register-consent..ts',
          'libs/a/-consent.ts',
        ]),
      ).toEqual(['libs/a/RegisterConsent.handler.ts', 'libs/a/register_consent.ts', 'libs/a/register-consent..ts', 'libs/a/-consent.ts']);
    });
  });
});
