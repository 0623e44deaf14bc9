import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { DomainError, formatIysDateTime, type Clock } from '@iys/platform/building-blocks';
import { CLOCK, iysCodeEntry, PG_POOL } from '@iys/platform/nest';
import { GetScrubJobQuery } from './get-scrub-job.query.js';

export interface ScrubJobProgress {
  jobId: string;
  status: 'running' | 'completed';
  total: number;
  processed: number;
  allowed: number;
  submittedAt: string;
  completedAt: string | null;
  expiresAt: string;
}

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

export const scrubJobNotFound = () => new DomainError('H736', iysCodeEntry('H736').message, ['jobId']);

/** The job row if it is this operator's and not past its retention; H736 otherwise (never says whose it is). */
export async function ownScrubJob(pool: pg.Pool, operatorCode: number, jobId: string, now: Date): Promise<ScrubJobRow> {
  const { rows } = await pool.query<ScrubJobRow>(
    `SELECT job_id, total, chunk_count, done_chunks, allowed, submitted_at, completed_at, expires_at
       FROM consent.scrub_jobs WHERE job_id = $1 AND operator_code = $2`,
    [jobId, operatorCode],
  );
  const job = rows[0];
  if (!job) throw scrubJobNotFound();
  if (job.expires_at.getTime() <= now.getTime()) throw new DomainError('H739', iysCodeEntry('H739').message, ['jobId']);
  return job;
}

@QueryHandler(GetScrubJobQuery)
export class GetScrubJobHandler implements IQueryHandler<GetScrubJobQuery, ScrubJobProgress> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ operatorCode, jobId }: GetScrubJobQuery): Promise<ScrubJobProgress> {
    const job = await ownScrubJob(this.pool, operatorCode, jobId, this.clock.now());
    const processed = job.completed_at ? job.total : Math.min(job.total, job.done_chunks * Math.ceil(job.total / job.chunk_count));
    return {
      jobId: job.job_id,
      status: job.completed_at ? 'completed' : 'running',
      total: job.total,
      processed,
      allowed: job.allowed,
      submittedAt: formatIysDateTime(job.submitted_at),
      completedAt: job.completed_at ? formatIysDateTime(job.completed_at) : null,
      expiresAt: formatIysDateTime(job.expires_at),
    };
  }
}
