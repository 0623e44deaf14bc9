import type { EncryptedValue } from '@iys/platform/pii';
import type { ConsentType } from '../../domain/consent.events.js';
import type { DeliveryCategory } from '../../domain/delivery-gate.js';
import type { ScrubSender } from '../../domain/scrub-job.decider.js';
import type { GateCounterRow } from '../gate/gate-record-store.port.js';

/** A job still to be worked through. */
export interface PendingScrubJob {
  jobId: string;
  operatorCode: number;
  sender: ScrubSender;
  type: ConsentType;
  category: DeliveryCategory;
}

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

/** A scrub job's staged chunks and its row, as the submit, read and worker use cases reach them. Implemented in infrastructure. */
export interface ScrubJobRecords {
  /** Stages sealed input chunks `chunkNos` of a job (not yet recorded: pruned nightly if it never is). */
  stageChunks(jobId: string, at: Date, chunkNos: readonly number[], sealedInputs: readonly string[]): Promise<void>;
  /** Wakes the scrub workers. */
  wakeWorkers(jobId: string): Promise<void>;
  /** The job if it is this operator's; undefined otherwise. */
  jobOf(operatorCode: number, jobId: string): Promise<ScrubJobRow | undefined>;
  /** A finished chunk's sealed result. */
  chunkResult(jobId: string, chunkNo: number): Promise<EncryptedValue | undefined>;
  /** Jobs not completed, oldest first. */
  pendingJobs(limit: number): Promise<PendingScrubJob[]>;
  /** The job if it is not completed. */
  pendingJob(jobId: string): Promise<PendingScrubJob | undefined>;
  /** Runs `work` holding the job's lock (one worker per job, across processes); undefined when another holds it. */
  whileHolding<T>(jobId: string, work: () => Promise<T>): Promise<T | undefined>;
  /** The first `limit` chunks without a result, in order, with their sealed input. */
  nextChunks(jobId: string, limit: number): Promise<{ chunkNo: number; input: EncryptedValue }[]>;
  /**
   * Stores a chunk's sealed result, moves the job's progress and adds the chunk's counters, in one
   * transaction and only if the chunk has no result yet (a resumed worker never counts twice).
   */
  storeChunkResult(jobId: string, chunkNo: number, sealedResult: EncryptedValue, allowed: number, counters: readonly GateCounterRow[]): Promise<void>;
  /** The allowed recipients over the job's chunks. */
  allowedOf(jobId: string): Promise<number>;
}

export const SCRUB_JOB_RECORDS = Symbol('SCRUB_JOB_RECORDS');
