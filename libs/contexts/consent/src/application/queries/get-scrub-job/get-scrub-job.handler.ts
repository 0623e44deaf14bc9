import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, formatIysDateTime, type Clock } from '@iys/platform/building-blocks';
import { CLOCK, iysCodeEntry } from '@iys/platform/nest';
import { SCRUB_JOB_RECORDS, type ScrubJobRecords, type ScrubJobRow } from '../../scrub/scrub-job-records.port.js';
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

export const scrubJobNotFound = () => new DomainError('H736', iysCodeEntry('H736').message, ['jobId']);

/** The job row if it is this operator's and not past its retention; H736 otherwise (never says whose it is). */
export async function ownScrubJob(records: ScrubJobRecords, operatorCode: number, jobId: string, now: Date): Promise<ScrubJobRow> {
  const job = await records.jobOf(operatorCode, jobId);
  if (!job) throw scrubJobNotFound();
  if (job.expires_at.getTime() <= now.getTime()) throw new DomainError('H739', iysCodeEntry('H739').message, ['jobId']);
  return job;
}

@QueryHandler(GetScrubJobQuery)
export class GetScrubJobHandler implements IQueryHandler<GetScrubJobQuery, ScrubJobProgress> {
  constructor(
    @Inject(SCRUB_JOB_RECORDS) private readonly records: ScrubJobRecords,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ operatorCode, jobId }: GetScrubJobQuery): Promise<ScrubJobProgress> {
    const job = await ownScrubJob(this.records, operatorCode, jobId, this.clock.now());
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
