import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@iys/platform/database';
import { REPLICA_READS } from '@iys/platform/nest';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import type { MovementPageRow, MovementRows } from '../../application/movement-rows.port.js';
import type { ReportScopeOf } from '../../domain/report-day.js';

/** The MovementRows port over reconciliation.daily_movements and the vault. */
@Injectable()
export class PostgresMovementRows implements MovementRows {
  constructor(
    // A replica on the M2/M4 routes (ADR 0047); the primary when the nightly snapshot seals a file.
    @Inject(REPLICA_READS) private readonly reads: SqlExecutor,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async page(scope: ReportScopeOf, after: string, pageSize: number): Promise<MovementPageRow[]> {
    // Dates as epoch ms: a float8 parses far faster than a timestamptz.
    const { rows } = await this.reads.query<MovementPageRow>(
      `SELECT seq, event_id AS "transactionId", recipient, recipient_type AS "recipientType", type, status, source,
              (extract(epoch FROM consent_date) * 1000)::float8 AS "consentDate",
              (extract(epoch FROM creation_date) * 1000)::float8 AS "creationDate"
         FROM reconciliation.daily_movements
        WHERE brand_code = $1 AND day = $2::date AND iys_code = $3 AND seq > $4
        ORDER BY seq LIMIT $5`,
      [scope.brandCode, scope.day, scope.iysCode, after, pageSize],
    );
    return rows;
  }

  /**
   * The key loads go through the reads passed explicitly, which the vault reads as "do not cache
   * these keys": a file opens each subject once, so caching its keys would only evict the keys that
   * request paths reuse (the cache is small), and each eviction costs (docs/benchmarks.md, Reconciliation).
   */
  openRecipients(sealed: readonly EncryptedValue[]): Promise<string[]> {
    return this.vault.decryptManyOffThread(sealed, this.reads);
  }
}
