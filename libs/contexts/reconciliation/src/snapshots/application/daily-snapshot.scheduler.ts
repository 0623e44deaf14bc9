import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import type { Clock } from '@iys/platform/building-blocks';
import { APP_CONFIG, CLOCK } from '@iys/platform/nest';
import { DailySnapshotService } from './daily-snapshot.service.js';

/** How long shutdown waits for a running catch-up to reach the end of its current day. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Takes the signed daily snapshots where background work runs (the worker, or the API with
 * IYS_RUN_WORKER_IN_API): five minutes after midnight Europe/Istanbul, and once at start-up, it
 * snapshots every completed day that has none (so downtime is caught up). The cron needs
 * ScheduleModule.forRoot() in the app; without it only the start-up catch-up runs. One run at a
 * time per process; across processes the snapshot itself is idempotent (first stored wins).
 */
@Injectable()
export class DailySnapshotScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('reconciliation-snapshots');
  private running?: Promise<void>;
  private readonly stop = new AbortController();

  constructor(
    @Inject(DailySnapshotService) private readonly snapshots: DailySnapshotService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: { runProjections: boolean },
  ) {}

  onApplicationBootstrap(): void {
    // In the background: start-up must not wait for the projection to catch up.
    void this.runCatchUp('start-up');
  }

  @Cron('5 0 * * *', { name: 'reconciliation-daily-snapshot', timeZone: 'Europe/Istanbul' })
  async nightly(): Promise<void> {
    await this.runCatchUp('nightly');
  }

  /** Runs a catch-up unless one is already running here (then joins it). */
  runCatchUp(reason: string): Promise<void> {
    if (!this.config.runProjections || this.stop.signal.aborted) return Promise.resolve();
    this.running ??= this.snapshots
      .catchUp(this.clock.now(), undefined, { signal: this.stop.signal })
      .then((days) => {
        if (days.length > 0) this.logger.log({ days, reason }, `signed daily snapshots taken for ${days.length} day(s)`);
      })
      .catch((error: unknown) => {
        if (this.stop.signal.aborted) return;
        const { name, message } = error as Error;
        this.logger.error({ err: { name, message }, reason }, 'daily snapshot catch-up failed; the next run retries');
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    if (this.running) await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
  }
}
