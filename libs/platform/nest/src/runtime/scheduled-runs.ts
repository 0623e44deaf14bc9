import type { Logger } from '@nestjs/common';

/**
 * The runs of a service's scheduled jobs (@Cron): one run per job in flight at a time (a tick that
 * finds one running joins it), none where background work does not run or once shutdown began, and
 * shutdown waits for the runs in flight so the pool never closes under their transactions. A failed
 * run is logged by error name and code only (a statement's message can quote a value) and answers
 * undefined: the next tick retries.
 */
export class ScheduledRuns {
  private readonly running = new Map<string, Promise<unknown>>();
  private stopping = false;

  constructor(
    private readonly logger: Logger,
    private readonly enabled: boolean,
  ) {}

  run<T>(job: string, work: () => Promise<T>): Promise<T | undefined> {
    if (!this.enabled || this.stopping) return Promise.resolve(undefined);
    const inFlight = this.running.get(job) as Promise<T | undefined> | undefined;
    if (inFlight) return inFlight;
    const run = work()
      .catch((error: unknown) => {
        const { name, code } = error as { name?: string; code?: string };
        this.logger.error({ err: { name, code } }, `${job} failed; the next run retries`);
        return undefined;
      })
      .finally(() => this.running.delete(job));
    this.running.set(job, run);
    return run;
  }

  /** Stops new runs and waits for the ones in flight (call from beforeApplicationShutdown). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running.values());
  }
}
