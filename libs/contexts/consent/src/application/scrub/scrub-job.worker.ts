import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { csvField, type Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { inTransaction } from '@iys/platform/database';
import { CLOCK, NotifiedBackgroundWorker, PG_POOL } from '@iys/platform/nest';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import type { ConsentType } from '../../domain/consent.events.js';
import type { DeliveryCategory } from '../../domain/delivery-gate.js';
import { scrubJobDecider, type ScrubSender } from '../../domain/scrub-job.decider.js';
import { scrubJobStream } from '../commands/submit-scrub-job/submit-scrub-job.handler.js';
import { DeliveryChecker } from '../gate/delivery-checker.js';
import { GateRecords } from '../gate/gate-records.js';
import { SCRUB_CHANNEL, ScrubChunkSeal } from './scrub-chunks.js';

interface PendingJob {
  job_id: string;
  operator_code: number;
  sender: ScrubSender;
  type: ConsentType;
  category: DeliveryCategory;
}

export const SCRUB_WORKER_ENABLED = 'SCRUB_WORKER_ENABLED';

/**
 * Works through scrub jobs chunk by chunk. A chunk's result, the job's progress and the chunk's
 * counters are written in one transaction, and only for a chunk still without a result, so a worker killed at any point
 * leaves whole chunks done or not done: the next worker resumes at the first chunk without a
 * result and the result file is the one an uninterrupted run writes. One worker per job at a time
 * (advisory lock).
 */
@Injectable()
export class ScrubJobWorker extends NotifiedBackgroundWorker {
  private readonly seal: ScrubChunkSeal;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(DeliveryChecker) private readonly checker: Pick<DeliveryChecker, 'check'>,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PiiVault) vault: PiiVault,
    @Inject(GateRecords) private readonly records: Pick<GateRecords, 'countChunk'>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCRUB_WORKER_ENABLED) enabled: boolean,
  ) {
    super(pool, enabled, { channel: SCRUB_CHANNEL, name: 'scrub-jobs', failure: 'scrub job processing failed; it will be resumed' });
    this.seal = new ScrubChunkSeal(vault);
  }

  /** Processes pending jobs until none is left. Returns how many it completed. */
  async drain(): Promise<number> {
    let completed = 0;
    const { rows } = await this.pool.query<PendingJob>(
      `SELECT job_id, operator_code, sender, type, category FROM consent.scrub_jobs WHERE completed_at IS NULL ORDER BY submitted_at LIMIT 20`,
    );
    for (const job of rows) {
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
    const { rows } = await this.pool.query<PendingJob>(
      `SELECT job_id, operator_code, sender, type, category FROM consent.scrub_jobs WHERE job_id = $1 AND completed_at IS NULL`,
      [jobId],
    );
    return rows[0] ? this.processIfFree(rows[0], onChunk) : false;
  }

  private async processIfFree(job: PendingJob, onChunk?: (recipients: number) => void): Promise<boolean> {
    const lock = await this.pool.connect();
    const key = `scrub-job:${job.job_id}`;
    try {
      const { rows } = await lock.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [key]);
      if (!rows[0]!.locked) return false;
      try {
        return await this.process(job, onChunk);
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [key]);
      }
    } finally {
      lock.release();
    }
  }

  private async process(job: PendingJob, onChunk?: (recipients: number) => void): Promise<boolean> {
    for (;;) {
      if (this.stopped) return false;
      const { rows } = await this.pool.query<{ chunk_no: number; input: EncryptedValue }>(
        `SELECT chunk_no, input FROM consent.scrub_job_chunks WHERE job_id = $1 AND result IS NULL ORDER BY chunk_no LIMIT 1`,
        [job.job_id],
      );
      const chunk = rows[0];
      if (!chunk) break;
      const recipients = this.seal.open(job.job_id, chunk.chunk_no, 'input', chunk.input);
      const results = await this.checker.check(recipients.map((recipient) => ({ sender: job.sender, recipient, type: job.type, category: job.category })));
      let allowed = 0;
      const lines = results.map((result, i) => {
        if (result.decision === 'ALLOW') allowed += 1;
        return `${csvField(recipients[i]!)},${result.decision},${result.reason}`;
      });
      // The chunk's result, the job's progress and the chunk's counters (per operator, brand, day and
      // reason, as live checks count) in one transaction, only for a chunk still without a result.
      await inTransaction(this.pool, async (tx) => {
        const { rowCount } = await tx.query(
          `WITH chunk AS (
             UPDATE consent.scrub_job_chunks SET result = $3, allowed = $4 WHERE job_id = $1 AND chunk_no = $2 AND result IS NULL RETURNING allowed)
           UPDATE consent.scrub_jobs j SET done_chunks = j.done_chunks + 1, allowed = j.allowed + chunk.allowed FROM chunk WHERE j.job_id = $1`,
          [job.job_id, chunk.chunk_no, JSON.stringify(this.seal.seal(job.job_id, chunk.chunk_no, 'result', lines)), allowed],
        );
        if (rowCount === 1) await this.records.countChunk(tx, job.operator_code, results);
      });
      onChunk?.(recipients.length);
    }
    const { rows } = await this.pool.query<{ allowed: string }>('SELECT coalesce(sum(allowed), 0) AS allowed FROM consent.scrub_job_chunks WHERE job_id = $1', [job.job_id]);
    await handleCommand(this.store, scrubJobDecider, scrubJobStream(job.job_id), { type: 'CompleteScrubJob', allowed: Number(rows[0]!.allowed), completedAt: this.clock.now().toISOString() }, {
      metadata: { actorKind: 'system', channel: 'operator-gate' },
    });
    return true;
  }
}
