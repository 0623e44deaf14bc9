// Used by dependency-cruiser.config.cjs (rule application-sql-in-infrastructure) and ratcheted by
// architecture.spec.ts: the list may only shrink.

/**
 * Application files that still run SQL themselves (docs/adr/0052). This list must shrink, never grow:
 * a new use case reaches the database through a port implemented in infrastructure/. Projections
 * (`application/projections/*.projection.ts`) are not exceptions but the documented rule: they write
 * their read model inside the append's or the checkpoint's transaction on the SqlExecutor they are given.
 */
const APPLICATION_SQL_EXCEPTIONS = [
  // Empty: every application folder reaches the database through a port. Keep it so.
];

module.exports = { APPLICATION_SQL_EXCEPTIONS };
