import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Clock } from '@iys/platform/building-blocks';
import { inTransaction, type SqlExecutor } from '@iys/platform/database';
import { CLOCK, PG_POOL, REPLICA_READS } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { lockMovementFile } from '../../application/projections/daily-movements.projection.js';
import type { SealedFileInfo, SealedMovementFileStore } from '../../application/sealed-movement-files.port.js';
import type { ReportScopeOf } from '../../domain/report-day.js';

/** Bumped whenever the bytes of a movement file would change for the same rows: older sealed files are then ignored. */
export const MOVEMENT_FILE_FORMAT = 1;
const CHUNKS_PER_READ = 8;
const KEY_PURPOSE = 'reconciliation-movement-file';

/**
 * Completed days' movement files kept sealed (AES-256-GCM under a key the vault derives for them,
 * a random IV per chunk, the brand, day and chunk number bound in as associated data), so M4 and
 * M2 read them instead of opening every recipient through the vault again. Written by the nightly
 * snapshot; a day without one (not yet sealed, erased since, pruned) is computed from its rows.
 * The SealedMovementFileStore port over reconciliation.sealed_movement_files and their chunks.
 */
@Injectable()
export class SealedMovementFiles implements SealedMovementFileStore {
  private readonly key: Buffer;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PiiVault) vault: PiiVault,
    // Finding and reading a sealed file: a replica on the M2/M4 routes (ADR 0047).
    @Inject(REPLICA_READS) private readonly reads: SqlExecutor,
  ) {
    this.key = vault.deriveKey(KEY_PURPOSE);
  }

  async find(scope: ReportScopeOf): Promise<SealedFileInfo | undefined> {
    const { rows } = await this.reads.query<{ sha256: Buffer; byte_length: string; chunk_count: number }>(
      'SELECT sha256, byte_length, chunk_count FROM reconciliation.sealed_movement_files WHERE brand_code = $1 AND day = $2::date AND iys_code = $3 AND format = $4',
      [scope.brandCode, scope.day, scope.iysCode, MOVEMENT_FILE_FORMAT],
    );
    return rows[0] ? { sha256: rows[0].sha256.toString('hex'), byteLength: Number(rows[0].byte_length), chunkCount: rows[0].chunk_count } : undefined;
  }

  /**
   * Stores the bytes `produce` yields as the day's file, in one transaction holding the day's lock
   * (so an erasure cannot slip between reading the rows and storing the file); returns the SHA-256.
   */
  async seal(scope: ReportScopeOf, produce: () => AsyncIterable<Buffer>): Promise<string> {
    return inTransaction(this.pool, async (tx) => {
      await lockMovementFile(tx, scope.brandCode, scope.day);
      await tx.query('DELETE FROM reconciliation.sealed_movement_files WHERE brand_code = $1 AND day = $2::date', [scope.brandCode, scope.day]);
      await tx.query('DELETE FROM reconciliation.sealed_movement_file_chunks WHERE brand_code = $1 AND day = $2::date', [scope.brandCode, scope.day]);
      const hash = createHash('sha256');
      let chunkNo = 0;
      let byteLength = 0;
      for await (const chunk of produce()) {
        hash.update(chunk);
        byteLength += chunk.length;
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', this.key, iv);
        cipher.setAAD(associatedData(scope, chunkNo));
        const sealed = Buffer.concat([cipher.update(chunk), cipher.final(), cipher.getAuthTag()]);
        await tx.query('INSERT INTO reconciliation.sealed_movement_file_chunks (brand_code, day, chunk_no, iv, sealed) VALUES ($1, $2::date, $3, $4, $5)', [
          scope.brandCode,
          scope.day,
          chunkNo,
          iv,
          sealed,
        ]);
        chunkNo += 1;
      }
      const digest = hash.digest();
      await tx.query(
        `INSERT INTO reconciliation.sealed_movement_files (brand_code, day, iys_code, format, sha256, byte_length, chunk_count, sealed_at)
         VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8)`,
        [scope.brandCode, scope.day, scope.iysCode, MOVEMENT_FILE_FORMAT, digest, byteLength, chunkNo, this.clock.now()],
      );
      return digest.toString('hex');
    });
  }

  /**
   * The sealed file's bytes, opened a few chunks per read. A tampered chunk fails its GCM tag, and a
   * file deleted under the reader (an erasure) ends in an error: never wrong or missing bytes.
   */
  async *chunks(scope: ReportScopeOf, file: SealedFileInfo): AsyncGenerator<Buffer> {
    for (let next = 0; next < file.chunkCount; next += CHUNKS_PER_READ) {
      const { rows } = await this.reads.query<{ chunk_no: number; iv: Buffer; sealed: Buffer }>(
        `SELECT chunk_no, iv, sealed FROM reconciliation.sealed_movement_file_chunks
          WHERE brand_code = $1 AND day = $2::date AND chunk_no >= $3 ORDER BY chunk_no LIMIT $4`,
        [scope.brandCode, scope.day, next, CHUNKS_PER_READ],
      );
      if (rows.length !== Math.min(CHUNKS_PER_READ, file.chunkCount - next) || rows.some((row, i) => row.chunk_no !== next + i)) {
        throw new Error(`the sealed movement file of brand ${scope.brandCode} for ${scope.day} changed while it was read`);
      }
      for (const row of rows) {
        const decipher = createDecipheriv('aes-256-gcm', this.key, row.iv);
        decipher.setAAD(associatedData(scope, row.chunk_no));
        decipher.setAuthTag(row.sealed.subarray(row.sealed.length - 16));
        yield Buffer.concat([decipher.update(row.sealed.subarray(0, row.sealed.length - 16)), decipher.final()]);
      }
    }
  }

  /** Files of days before `firstKept` are no longer served by M4; M2 recomputes an older day's hash. */
  async pruneBefore(firstKept: string): Promise<number> {
    await this.pool.query('DELETE FROM reconciliation.sealed_movement_file_chunks WHERE day < $1::date', [firstKept]);
    const { rowCount } = await this.pool.query('DELETE FROM reconciliation.sealed_movement_files WHERE day < $1::date', [firstKept]);
    return rowCount ?? 0;
  }
}

function associatedData(scope: ReportScopeOf, chunkNo: number): Buffer {
  return Buffer.from(`iys-movement-file/v${MOVEMENT_FILE_FORMAT}\n${scope.iysCode}\n${scope.brandCode}\n${scope.day}\n${chunkNo}`, 'utf8');
}
