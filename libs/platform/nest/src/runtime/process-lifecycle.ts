import type { Logger } from 'pino';
import { ConfigError } from '@iys/platform/config';

/** One clear line on stderr and a non-zero exit: no stack trace alone for a start-up problem. */
export function failWith(error: unknown): never {
  const message =
    error instanceof ConfigError ? error.message : `İYS could not start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  if (process.env.IYS_DEBUG_STARTUP === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}

/** SIGINT/SIGTERM: stop taking requests, finish what is in flight, then release the database. */
export function onShutdownSignal(logger: Logger, shutdown: () => Promise<void>): void {
  let closing = false;
  const handle = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    shutdown()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}
