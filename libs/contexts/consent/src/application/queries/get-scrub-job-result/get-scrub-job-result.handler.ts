import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, type Clock } from '@iys/platform/building-blocks';
import { CLOCK, iysCodeEntry } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { ScrubChunkSeal } from '../../scrub/scrub-chunks.js';
import { SCRUB_JOB_RECORDS, type ScrubJobRecords } from '../../scrub/scrub-job-records.port.js';
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
    @Inject(SCRUB_JOB_RECORDS) private readonly records: ScrubJobRecords,
    @Inject(PiiVault) vault: PiiVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.seal = new ScrubChunkSeal(vault);
  }

  async execute({ operatorCode, jobId, format }: GetScrubJobResultQuery): Promise<AsyncIterable<string>> {
    const job = await ownScrubJob(this.records, operatorCode, jobId, this.clock.now());
    if (!job.completed_at) throw new DomainError('H738', iysCodeEntry('H738').message, ['jobId']);
    return this.lines(jobId, job.chunk_count, format);
  }

  private async *lines(jobId: string, chunkCount: number, format: 'allowed' | 'decisions'): AsyncIterable<string> {
    if (format === 'decisions') yield 'recipient,decision,reason\r\n';
    for (let chunkNo = 0; chunkNo < chunkCount; chunkNo++) {
      const result = await this.records.chunkResult(jobId, chunkNo);
      if (!result) throw new Error('a finished scrub job lacks a chunk result');
      const lines = this.seal.open(jobId, chunkNo, 'result', result);
      let out = '';
      for (const line of lines) {
        if (format === 'decisions') out += `${line}\r\n`;
        else if (ALLOWED_LINE.test(line)) out += `${line.slice(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1))}\r\n`;
      }
      yield out;
    }
  }
}
