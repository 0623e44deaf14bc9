import type { EncryptedValue } from '@iys/platform/pii';

/** A scrub job as stored (consent.scrub_jobs, projected from its stream). */
export interface ScrubJobRow {
  job_id: string;
  total: number;
  chunk_count: number;
  done_chunks: number;
  allowed: number;
  submitted_at: Date;
  completed_at: Date | null;
  expires_at: Date;
}

/**
 * A scrub job's staged chunks and its row as the submit and read use cases reach them; the worker
 * still runs its own SQL (docs/adr/0052). Implemented in infrastructure.
 */
export interface ScrubJobRecords {
  /** Stages sealed input chunks `chunkNos` of a job (not yet recorded: pruned nightly if it never is). */
  stageChunks(jobId: string, at: Date, chunkNos: readonly number[], sealedInputs: readonly string[]): Promise<void>;
  /** Wakes the scrub workers. */
  wakeWorkers(jobId: string): Promise<void>;
  /** The job if it is this operator's; undefined otherwise. */
  jobOf(operatorCode: number, jobId: string): Promise<ScrubJobRow | undefined>;
  /** A finished chunk's sealed result. */
  chunkResult(jobId: string, chunkNo: number): Promise<EncryptedValue | undefined>;
}

export const SCRUB_JOB_RECORDS = Symbol('SCRUB_JOB_RECORDS');
