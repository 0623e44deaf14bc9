import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { APP_CONFIG } from '@iys/platform/nest';
import { GateRecords } from './gate-records.js';

/**
 * Nightly (04:10 Istanbul), where background work runs: the DENY log keeps IYS_GATE_DENY_LOG_DAYS,
 * expired scrub jobs (and their sealed inputs and results) go.
 */
@Injectable()
export class GateScheduler {
  private readonly logger = new Logger('operator-gate');

  constructor(
    @Inject(GateRecords) private readonly records: GateRecords,
    @Inject(APP_CONFIG) private readonly config: { runProjections: boolean; IYS_GATE_DENY_LOG_DAYS: number },
  ) {}

  @Cron('10 4 * * *', { name: 'operator-gate-retention', timeZone: 'Europe/Istanbul' })
  async nightly(): Promise<void> {
    if (!this.config.runProjections) return;
    try {
      const denials = await this.records.pruneDenials(this.config.IYS_GATE_DENY_LOG_DAYS);
      const scrubJobs = await this.records.pruneScrubJobs();
      this.logger.log({ denials, scrubJobs }, 'operator gate records pruned');
    } catch (error) {
      const { name, code } = error as { name?: string; code?: string };
      this.logger.error({ err: { name, code } }, 'operator gate pruning failed; the next run retries');
    }
  }
}
