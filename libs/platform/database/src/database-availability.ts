/**
 * Errors that say "the database cannot be reached right now" rather than "this statement is wrong":
 * the server is down, restarting, refusing connections or cut the connection. Callers answer 503
 * and retry later instead of treating them as bugs.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// SQLSTATE class 08 (connection exception) and the operator-intervention shutdowns of class 57.
const SQLSTATE = /^(08\w{3}|57P0[1-5]|53300)$/;
// node-postgres raises these without a code when a connection ends under it.
const DRIVER_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  // The original may be wrapped (TypeORM's driverError, an Error's cause); a few levels are enough.
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth += 1) {
    const { code, message, driverError, cause } = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && DRIVER_MESSAGES.some((known) => message.startsWith(known))) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = driverError ?? cause;
  }
  return false;
}
