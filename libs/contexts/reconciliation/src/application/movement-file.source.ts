import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { formatMovementRow, MOVEMENT_FILE_HEADER } from '../domain/movement-file.js';
import type { ReportScopeOf } from './report-scope.js';

export interface MovementFilePaging {
  /** Rows read per query (by seq). */
  pageSize?: number;
  /** Recipients opened per vault call. */
  decryptChunk?: number;
}

const PAGE_SIZE = 5000;
const DECRYPT_CHUNK = 1000;

/**
 * The one producer of a day's movement file (M4): M4 streams these bytes, M2 and M3 hash them, so the
 * hash always matches the file. Reads the day in commit order (seq) a page at a time and opens the
 * recipients through the vault (erased ones read `***`), so memory stays flat however big the day is.
 */
@Injectable()
export class MovementFileSource {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async *chunks(scope: ReportScopeOf, { pageSize = PAGE_SIZE, decryptChunk = DECRYPT_CHUNK }: MovementFilePaging = {}): AsyncGenerator<Buffer> {
    yield Buffer.from(MOVEMENT_FILE_HEADER, 'utf8');
    let after = '0';
    for (;;) {
      const { rows } = await this.pool.query<{
        seq: string;
        event_id: string;
        recipient: EncryptedValue;
        recipient_type: string;
        type: string;
        status: string;
        consent_date: Date;
        source: string;
        creation_date: Date;
      }>(
        `SELECT seq, event_id, recipient, recipient_type, type, status, consent_date, source, creation_date
           FROM reconciliation.daily_movements
          WHERE brand_code = $1 AND day = $2::date AND iys_code = $3 AND seq > $4
          ORDER BY seq LIMIT $5`,
        [scope.brandCode, scope.day, scope.iysCode, after, pageSize],
      );
      if (rows.length === 0) return;
      let text = '';
      for (let start = 0; start < rows.length; start += decryptChunk) {
        const slice = rows.slice(start, start + decryptChunk);
        const recipients = await this.vault.decryptMany(slice.map((row) => row.recipient));
        slice.forEach((row, i) => {
          text += formatMovementRow({
            creationDate: row.creation_date,
            transactionId: row.event_id,
            recipient: recipients[i],
            recipientType: row.recipient_type,
            type: row.type,
            status: row.status,
            consentDate: row.consent_date,
            source: row.source,
          });
        });
      }
      yield Buffer.from(text, 'utf8');
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].seq;
    }
  }

  /** SHA-256 (lower-case hex) of exactly the bytes {@link chunks} produces. */
  async sha256(scope: ReportScopeOf): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.chunks(scope)) hash.update(chunk);
    return hash.digest('hex');
  }
}
