import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type pg from 'pg';
import { isDatabaseUnavailable, NotifiedWorkLoop } from '@iys/platform/database';

/** The pool a background worker LISTENs on (PG_POOL), named so application code need not hold the driver. */
export type WorkerPool = pg.Pool;

/**
 * A Nest service that drains a queue in the background on a NotifiedWorkLoop: started with the
 * application where background work runs, stopped after the pass in flight. Subclasses only say
 * what one pass does (`drain`), which tests can also call directly.
 */
export abstract class NotifiedBackgroundWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  protected stopped = false;
  private readonly loop: NotifiedWorkLoop;

  protected constructor(
    pool: WorkerPool,
    private readonly enabled: boolean,
    { channel, name, failure }: { channel: string; name: string; failure: string },
  ) {
    this.logger = new Logger(name);
    this.loop = new NotifiedWorkLoop(pool, {
      channel,
      pollMs: 1000,
      work: async () => void (await this.drain()),
      onError: (error) => {
        // Name and code only: a failed statement's message can quote a value.
        const { name: errorName, code } = error as { name?: string; code?: string };
        this.logger.error({ err: { name: errorName, code } }, failure);
      },
      onUnavailable: (error) => {
        const { name: errorName, code } = error as { name?: string; code?: string };
        this.logger.warn({ err: { name: errorName, code } }, 'database unavailable; paused, retrying');
      },
      onRecovered: () => this.logger.log('database reachable again; resumed'),
    });
  }

  abstract drain(): Promise<unknown>;

  async onApplicationBootstrap(): Promise<void> {
    if (this.enabled) await this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
  }

  /** Whether a failure is the database being out of reach: the loop's to wait out, not the item's failure. */
  protected isDatabaseUnavailable(error: unknown): boolean {
    return isDatabaseUnavailable(error);
  }
}
