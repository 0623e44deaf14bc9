import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { inTransaction } from '@iys/platform/database';
import { PG_POOL } from '@iys/platform/nest';
import type { EncryptedValue } from '@iys/platform/pii';
import type { GateCounterRow } from '../../application/gate/gate-record-store.port.js';
import { SCRUB_CHANNEL } from '../../application/scrub/scrub-chunks.js';
import type { PendingScrubJob, ScrubJobRecords, ScrubJobRow } from '../../application/scrub/scrub-job-records.port.js';
import { writeGateRecords } from './postgres-gate-record-store.js';

interface PendingRow {
  job_id: string;
  operator_code: number;
  sender: PendingScrubJob['sender'];
  type: PendingScrubJob['type'];
  category: PendingScrubJob['category'];
}

const pendingOf = (row: PendingRow): PendingScrubJob => ({ jobId: row.job_id, operatorCode: row.operator_code, sender: row.sender, type: row.type, category: row.category });

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

  async pendingJobs(limit: number): Promise<PendingScrubJob[]> {
    const { rows } = await this.pool.query<PendingRow>(
      `SELECT job_id, operator_code, sender, type, category FROM consent.scrub_jobs WHERE completed_at IS NULL ORDER BY submitted_at LIMIT $1`,
      [limit],
    );
    return rows.map(pendingOf);
  }

  async pendingJob(jobId: string): Promise<PendingScrubJob | undefined> {
    const { rows } = await this.pool.query<PendingRow>(
      `SELECT job_id, operator_code, sender, type, category FROM consent.scrub_jobs WHERE job_id = $1 AND completed_at IS NULL`,
      [jobId],
    );
    return rows[0] ? pendingOf(rows[0]) : undefined;
  }

  async whileHolding<T>(jobId: string, work: () => Promise<T>): Promise<T | undefined> {
    const lock = await this.pool.connect();
    const key = `scrub-job:${jobId}`;
    try {
      const { rows } = await lock.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [key]);
      if (!rows[0]!.locked) return undefined;
      try {
        return await work();
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [key]);
      }
    } finally {
      lock.release();
    }
  }

  async nextChunks(jobId: string, limit: number): Promise<{ chunkNo: number; input: EncryptedValue }[]> {
    const { rows } = await this.pool.query<{ chunk_no: number; input: EncryptedValue }>(
      `SELECT chunk_no, input FROM consent.scrub_job_chunks WHERE job_id = $1 AND result IS NULL ORDER BY chunk_no LIMIT $2`,
      [jobId, limit],
    );
    return rows.map((row) => ({ chunkNo: row.chunk_no, input: row.input }));
  }

  async storeChunkResult(jobId: string, chunkNo: number, sealedResult: EncryptedValue, allowed: number, counters: readonly GateCounterRow[]): Promise<void> {
    await inTransaction(this.pool, async (tx) => {
      const { rowCount } = await tx.query(
        `WITH chunk AS (
           UPDATE consent.scrub_job_chunks SET result = $3, allowed = $4 WHERE job_id = $1 AND chunk_no = $2 AND result IS NULL RETURNING allowed)
         UPDATE consent.scrub_jobs j SET done_chunks = j.done_chunks + 1, allowed = j.allowed + chunk.allowed FROM chunk WHERE j.job_id = $1`,
        [jobId, chunkNo, JSON.stringify(sealedResult), allowed],
      );
      if (rowCount === 1) await writeGateRecords(tx, counters, []);
    });
  }

  async allowedOf(jobId: string): Promise<number> {
    const { rows } = await this.pool.query<{ allowed: string }>('SELECT coalesce(sum(allowed), 0) AS allowed FROM consent.scrub_job_chunks WHERE job_id = $1', [jobId]);
    return Number(rows[0]!.allowed);
  }
}
