import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { DomainError, type Clock } from '@iys/platform/building-blocks';
import { CLOCK, iysCodeEntry, PG_POOL } from '@iys/platform/nest';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { ScrubChunkSeal } from '../../scrub/scrub-chunks.js';
import { ownScrubJob } from '../get-scrub-job/get-scrub-job.handler.js';
import { GetScrubJobResultQuery } from './get-scrub-job-result.query.js';

/**
 * Checks the job is the caller's and finished, then yields the result chunk by chunk, so a million
 * lines stream out without being held in memory at once. Lines end in CRLF (CSV).
 */
const ALLOWED_LINE = /,ALLOW,[A-Z_]+$/;

@QueryHandler(GetScrubJobResultQuery)
export class GetScrubJobResultHandler implements IQueryHandler<GetScrubJobResultQuery, AsyncIterable<string>> {
  private readonly seal: ScrubChunkSeal;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) vault: PiiVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.seal = new ScrubChunkSeal(vault);
  }

  async execute({ operatorCode, jobId, format }: GetScrubJobResultQuery): Promise<AsyncIterable<string>> {
    const job = await ownScrubJob(this.pool, operatorCode, jobId, this.clock.now());
    if (!job.completed_at) throw new DomainError('H738', iysCodeEntry('H738').message, ['jobId']);
    return this.lines(jobId, job.chunk_count, format);
  }

  private async *lines(jobId: string, chunkCount: number, format: 'allowed' | 'decisions'): AsyncIterable<string> {
    if (format === 'decisions') yield 'recipient,decision,reason\r\n';
    for (let chunkNo = 0; chunkNo < chunkCount; chunkNo++) {
      const { rows } = await this.pool.query<{ result: EncryptedValue }>('SELECT result FROM consent.scrub_job_chunks WHERE job_id = $1 AND chunk_no = $2', [jobId, chunkNo]);
      if (!rows[0]?.result) throw new Error('a finished scrub job lacks a chunk result');
      const lines = this.seal.open(jobId, chunkNo, 'result', rows[0].result);
      let out = '';
      for (const line of lines) {
        if (format === 'decisions') out += `${line}\r\n`;
        else if (ALLOWED_LINE.test(line)) out += `${line.slice(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1))}\r\n`;
      }
      yield out;
    }
  }
}
