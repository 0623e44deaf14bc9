import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { EncryptedValue } from '@iys/platform/pii';
import { SCRUB_CHANNEL } from '../../application/scrub/scrub-chunks.js';
import type { ScrubJobRecords, ScrubJobRow } from '../../application/scrub/scrub-job-records.port.js';

/** The ScrubJobRecords port over consent.scrub_jobs and scrub_job_chunks. */
@Injectable()
export class PostgresScrubJobRecords implements ScrubJobRecords {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async stageChunks(jobId: string, at: Date, chunkNos: readonly number[], sealedInputs: readonly string[]): Promise<void> {
    await this.pool.query(
      `INSERT INTO consent.scrub_job_chunks (job_id, chunk_no, staged_at, input) SELECT $1, n, $2, input FROM unnest($3::int[], $4::jsonb[]) AS c(n, input)`,
      [jobId, at, chunkNos, sealedInputs],
    );
  }

  async wakeWorkers(jobId: string): Promise<void> {
    await this.pool.query(`SELECT pg_notify('${SCRUB_CHANNEL}', $1)`, [jobId]);
  }

  async jobOf(operatorCode: number, jobId: string): Promise<ScrubJobRow | undefined> {
    const { rows } = await this.pool.query<ScrubJobRow>(
      `SELECT job_id, total, chunk_count, done_chunks, allowed, submitted_at, completed_at, expires_at
         FROM consent.scrub_jobs WHERE job_id = $1 AND operator_code = $2`,
      [jobId, operatorCode],
    );
    return rows[0];
  }

  async chunkResult(jobId: string, chunkNo: number): Promise<EncryptedValue | undefined> {
    const { rows } = await this.pool.query<{ result: EncryptedValue | null }>('SELECT result FROM consent.scrub_job_chunks WHERE job_id = $1 AND chunk_no = $2', [jobId, chunkNo]);
    return rows[0]?.result ?? undefined;
  }
}
