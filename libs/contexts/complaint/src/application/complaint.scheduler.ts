import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Cron } from '@nestjs/schedule';
import { APP_CONFIG, ScheduledRuns } from '@iys/platform/nest';
import { ShredExpiredComplaintsCommand } from './commands/shred-expired-complaints/shred-expired-complaints.command.js';
import { SweepDefenseDeadlinesCommand, type DefenseSweep } from './commands/sweep-defense-deadlines/sweep-defense-deadlines.command.js';

/**
 * The complaint context's scheduled work, where background work runs, on the registry's clock:
 * every quarter of an hour, reminders of defenses due soon and overdue marking of the ones past
 * their deadline; every night, the shredding of finished complaints whose retention period ended.
 */
@Injectable()
export class ComplaintScheduler implements BeforeApplicationShutdown {
  private readonly logger = new Logger('complaint-jobs');
  private readonly runs: ScheduledRuns;

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(APP_CONFIG) config: { runProjections: boolean },
  ) {
    this.runs = new ScheduledRuns(this.logger, config.runProjections);
  }

  @Cron('*/15 * * * *', { name: 'complaint-deadlines', timeZone: 'Europe/Istanbul' })
  defenseDeadlines(): Promise<DefenseSweep | undefined> {
    return this.runs.run('complaint-deadlines', async () => {
      const run: DefenseSweep = await this.commands.execute(new SweepDefenseDeadlinesCommand());
      if (run.reminded + run.overdue > 0) this.logger.log(run, 'complaint defense deadlines swept');
      return run;
    });
  }

  @Cron('50 3 * * *', { name: 'complaint-retention', timeZone: 'Europe/Istanbul' })
  retention(): Promise<{ shredded: number } | undefined> {
    return this.runs.run('complaint-retention', async () => {
      const run: { shredded: number } = await this.commands.execute(new ShredExpiredComplaintsCommand());
      if (run.shredded > 0) this.logger.log(run, 'complaints past their retention period shredded');
      return run;
    });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.runs.stop();
  }
}
