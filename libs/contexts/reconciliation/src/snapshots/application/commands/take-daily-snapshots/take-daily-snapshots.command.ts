import { Command } from '@nestjs/cqrs';
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

export interface DailySnapshotsTaken {
  /** Days snapshotted by this call (empty when every day already had one). */
  created: string[];
  /** Days looked at (the given date, or every day the catch-up took). */
  days: { day: string; created: boolean; registryRoot: string; publicKeyId: string; brandCount: number; eventCount: number }[];
}
