import { Inject, Injectable } from '@nestjs/common';
import { csvField, type Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK, NotifiedBackgroundWorker, PG_POOL, type WorkerPool } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { scrubJobDecider } from '../../domain/scrub-job.decider.js';
import { scrubJobStream } from '../commands/submit-scrub-job/submit-scrub-job.handler.js';
import { DeliveryChecker } from '../gate/delivery-checker.js';
import { GateRecords } from '../gate/gate-records.js';
import { SCRUB_CHANNEL, ScrubChunkSeal } from './scrub-chunks.js';
import { SCRUB_JOB_RECORDS, type PendingScrubJob, type ScrubJobRecords } from './scrub-job-records.port.js';

/**
 * Chunks of one job checked at once: one chunk's statement runs while the other's answers are
 * sealed and stored, so neither the API's thread nor the database waits for the other.
 */
const CHUNKS_IN_FLIGHT = 2;

export const SCRUB_WORKER_ENABLED = 'SCRUB_WORKER_ENABLED';

/**
 * Works through scrub jobs chunk by chunk. A chunk's result, the job's progress and the chunk's
 * counters are written in one transaction, and only for a chunk still without a result, so a worker killed at any point
 * leaves whole chunks done or not done: the next worker resumes at the first chunk without a
 * result and the result file is the one an uninterrupted run writes. One worker per job at a time
 * (advisory lock). Up to two chunks of a job are in flight at once, each stored on its own.
 */
@Injectable()
export class ScrubJobWorker extends NotifiedBackgroundWorker {
  private readonly seal: ScrubChunkSeal;

  constructor(
    @Inject(PG_POOL) pool: WorkerPool,
    @Inject(SCRUB_JOB_RECORDS) private readonly jobs: ScrubJobRecords,
    @Inject(DeliveryChecker) private readonly checker: Pick<DeliveryChecker, 'check'>,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PiiVault) vault: PiiVault,
    @Inject(GateRecords) private readonly records: Pick<GateRecords, 'chunkCounters'>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCRUB_WORKER_ENABLED) enabled: boolean,
  ) {
    super(pool, enabled, { channel: SCRUB_CHANNEL, name: 'scrub-jobs', failure: 'scrub job processing failed; it will be resumed' });
    this.seal = new ScrubChunkSeal(vault);
  }

  /** Processes pending jobs until none is left. Returns how many it completed. */
  async drain(): Promise<number> {
    let completed = 0;
    for (const job of await this.jobs.pendingJobs(20)) {
      if (this.stopped) break;
      if (await this.processIfFree(job)) completed += 1;
    }
    return completed;
  }

  /**
   * Processes one job now (the CLI's `scrub`), calling `onChunk` with each chunk's size once it is stored.
   * False when the job is done already or another worker holds it (then that worker finishes it).
   */
  async drainJob(jobId: string, onChunk?: (recipients: number) => void): Promise<boolean> {
    const job = await this.jobs.pendingJob(jobId);
    return job ? this.processIfFree(job, onChunk) : false;
  }

  private async processIfFree(job: PendingScrubJob, onChunk?: (recipients: number) => void): Promise<boolean> {
    return (await this.jobs.whileHolding(job.jobId, () => this.process(job, onChunk))) ?? false;
  }

  private async process(job: PendingScrubJob, onChunk?: (recipients: number) => void): Promise<boolean> {
    for (;;) {
      if (this.stopped) return false;
      const chunks = await this.jobs.nextChunks(job.jobId, CHUNKS_IN_FLIGHT);
      if (chunks.length === 0) break;
      // Every chunk in flight settles (stored or not) before a failure of one is thrown.
      const settled = await Promise.allSettled(
        chunks.map(async (chunk) => {
          const recipients = this.seal.open(job.jobId, chunk.chunkNo, 'input', chunk.input);
          const results = await this.checker.check(recipients.map((recipient) => ({ sender: job.sender, recipient, type: job.type, category: job.category })));
          let allowed = 0;
          const lines = results.map((result, i) => {
            if (result.decision === 'ALLOW') allowed += 1;
            return `${csvField(recipients[i]!)},${result.decision},${result.reason}`;
          });
          // The chunk's result, the job's progress and the chunk's counters (per operator, brand, day and
          // reason, as live checks count) in one transaction, only for a chunk still without a result.
          await this.jobs.storeChunkResult(job.jobId, chunk.chunkNo, this.seal.seal(job.jobId, chunk.chunkNo, 'result', lines), allowed, this.records.chunkCounters(job.operatorCode, results));
          onChunk?.(recipients.length);
        }),
      );
      const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    }
    const allowed = await this.jobs.allowedOf(job.jobId);
    await handleCommand(this.store, scrubJobDecider, scrubJobStream(job.jobId), { type: 'CompleteScrubJob', allowed, completedAt: this.clock.now().toISOString() }, {
      metadata: { actorKind: 'system', channel: 'operator-gate' },
    });
    return true;
  }
}
