import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Cron } from '@nestjs/schedule';
import { APP_CONFIG } from '@iys/platform/nest';
import { ExecuteDueErasuresCommand } from '../commands/execute-due-erasures/execute-due-erasures.command.js';
import type { ErasureRun } from '../commands/execute-due-erasures/execute-due-erasures.handler.js';
import { PruneExpiredSecretsCommand } from '../commands/prune-expired-secrets/prune-expired-secrets.command.js';
import type { PruneRun } from '../commands/prune-expired-secrets/prune-expired-secrets.handler.js';

/** Runs due erasures and prunes spent credentials every night (03:30 Istanbul), where background work runs. */
@Injectable()
export class ErasureScheduler implements BeforeApplicationShutdown {
  private readonly logger = new Logger('recipient-erasures');
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: { runProjections: boolean },
  ) {}

  @Cron('30 3 * * *', { name: 'recipient-erasures', timeZone: 'Europe/Istanbul' })
  nightly(): Promise<void> {
    if (!this.config.runProjections || this.stopping) return Promise.resolve();
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Shutdown waits for a run in flight: the pool must not close under its transactions. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      const run: ErasureRun = await this.commands.execute(new ExecuteDueErasuresCommand());
      if (run.erased + run.postponed + run.withdrawn > 0) this.logger.log(run, 'recipient erasures run');
      const pruned: PruneRun = await this.commands.execute(new PruneExpiredSecretsCommand());
      this.logger.log(pruned, 'spent recipient codes, sessions and links pruned');
    } catch (error) {
      const { name, code } = error as { name?: string; code?: string };
      this.logger.error({ err: { name, code } }, 'recipient nightly work failed; the next run retries');
    }
  }
}
