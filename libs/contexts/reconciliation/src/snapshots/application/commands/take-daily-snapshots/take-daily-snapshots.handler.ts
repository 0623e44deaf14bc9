import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DailySnapshotService } from '../../daily-snapshot.service.js';
import { TakeDailySnapshotsCommand, type DailySnapshotsTaken } from './take-daily-snapshots.command.js';

export type { DailySnapshotsTaken };

/** Runs {@link DailySnapshotService} for one day or as the catch-up, reporting each day. */
@CommandHandler(TakeDailySnapshotsCommand)
export class TakeDailySnapshotsHandler implements ICommandHandler<TakeDailySnapshotsCommand, DailySnapshotsTaken> {
  constructor(@Inject(DailySnapshotService) private readonly snapshots: DailySnapshotService) {}

  async execute(command: TakeDailySnapshotsCommand): Promise<DailySnapshotsTaken> {
    const days: DailySnapshotsTaken['days'] = [];
    const onProgress: NonNullable<TakeDailySnapshotsCommand['onProgress']> = (progress) => {
      if (progress.kind === 'day-done') {
        const { snapshot } = progress;
        days.push({
          day: snapshot.day,
          created: progress.created,
          registryRoot: snapshot.registryRoot.toString('hex'),
          publicKeyId: snapshot.publicKeyId,
          brandCount: snapshot.brandCount,
          eventCount: snapshot.eventCount,
        });
      }
      command.onProgress?.(progress);
    };
    if (command.date !== undefined) await this.snapshots.snapshotDay(command.date, onProgress);
    else await this.snapshots.catchUp(undefined, onProgress);
    return { created: days.filter((day) => day.created).map((day) => day.day), days };
  }
}
