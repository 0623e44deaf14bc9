import { Command } from '@nestjs/cqrs';
import type { DailySnapshotsTaken } from './take-daily-snapshots.handler.js';
import type { SnapshotProgress } from '../../daily-snapshot.service.js';

/**
 * Take the signed daily snapshot of `date` (YYYY-MM-DD), or without a date every completed day that
 * has none (the nightly catch-up). By hand: `npm run cli -- reconcile [--date YYYY-MM-DD]`.
 */
export class TakeDailySnapshotsCommand extends Command<DailySnapshotsTaken> {
  constructor(
    readonly date?: string,
    readonly onProgress?: (progress: SnapshotProgress) => void,
  ) {
    super();
  }
}
