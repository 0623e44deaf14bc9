import os from 'node:os';
import { log, round } from '../store/bench-utils.js';

/**
 * What a benchmark run opened (servers, pools, the app), closed newest first: when the run ends,
 * when it fails, and on SIGINT/SIGTERM (then the process exits 130).
 */
export class RunResources {
  private readonly closers: (() => Promise<unknown>)[] = [];

  /** Registers `resource` to be closed with `close`, and returns it. */
  keep<T>(resource: T, close: (resource: T) => Promise<unknown>): T {
    this.closers.push(() => close(resource));
    return resource;
  }

  async closeAll(): Promise<void> {
    for (let closer = this.closers.pop(); closer; closer = this.closers.pop()) await closer().catch(() => undefined);
  }
}

/**
 * Runs a benchmark's `main` to its exit code: 0 when it measured (whether or not a target is met), 1
 * when something failed (the error on stderr). Resources are closed first; a stray handle that still
 * holds the event loop open cannot hang the caller for more than 5 s.
 */
export function runBenchmark(name: string, main: (resources: RunResources) => Promise<number>): void {
  const resources = new RunResources();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping`);
      void resources.closeAll().finally(() => process.exit(130));
    });
  }
  const exit = (code: number) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 5000).unref();
  };
  main(resources)
    .finally(() => resources.closeAll())
    .then(exit, (error: unknown) => {
      process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      exit(1);
    });
}

/** The 1, 5 and 15-minute load averages: other processes on the machine make every figure noisier. */
export const loadAverage = () => os.loadavg().map((load) => round(load, 2));

/** What the figures were measured on, for the JSON line (the same fields as the other benchmarks'). */
export function machineFigures(postgresServer: string, postgresSettings: Record<string, string>, loadAverageBefore: number[]) {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    postgres: postgresSettings.server_version,
    postgresServer,
    postgresSettings,
    loadAverageBefore,
    loadAverageAfter: loadAverage(),
  };
}
