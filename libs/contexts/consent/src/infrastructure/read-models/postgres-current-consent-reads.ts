import { Inject, Injectable } from '@nestjs/common';
import type { ConsentContracts } from '@iys/contracts';
import { REPLICA_READS } from '@iys/platform/nest';
import type { SqlExecutor } from '@iys/platform/database';
import { ADDRESS_DIGEST_BYTES, type EncryptedValue } from '@iys/platform/pii';
import type { ConsentKeyScope, CurrentConsentReads } from '../../application/current-consent-reads.port.js';
import { CONSENT_STATUS_COLUMNS, type ConsentStatusRow } from '../../application/queries/get-consent-status/get-consent-status.handler.js';

interface CurrentConsentRow {
  iys_code: number;
  brand_code: number;
  recipient_id: string;
  recipient_type: ConsentContracts.RecipientTypeValue;
  type: ConsentContracts.ConsentTypeValue;
  status: ConsentContracts.ConsentStatusValue;
  source: string;
  consent_date: Date;
  creation_date: Date;
  transaction_id: string;
}

/** The CurrentConsentReads port over consent.current_consent. */
@Injectable()
export class PostgresCurrentConsentReads implements CurrentConsentReads {
  // Read-only: a hot standby on the routes ADR 0047 marks, the primary everywhere else.
  constructor(@Inject(REPLICA_READS) private readonly pool: SqlExecutor) {}

  async statusOfAddress(scope: ConsentKeyScope, digest: Buffer, retailerCode: number | null): Promise<ConsentStatusRow | undefined> {
    // Address first, then the consent by its whole key: LATERAL ... OFFSET 0 keeps the planner from
    // flattening the two into a scan of the brand's whole key range filtered by recipient (the plan it
    // picks on a table its statistics have not caught up with: 80 ms instead of 0.05 ms at 100 000 rows).
    const { rows } = await this.pool.query<ConsentStatusRow>(
      `SELECT ${CONSENT_STATUS_COLUMNS}
         FROM (SELECT recipient_id FROM pii.recipient_registry WHERE address_hmac = decode($5, 'hex') OFFSET 0) r
         CROSS JOIN LATERAL (
           SELECT * FROM consent.current_consent c
            WHERE c.brand_code = $1 AND c.type = $3 AND c.recipient_type = $4 AND c.recipient_id = r.recipient_id
              AND c.iys_code = $2 AND ($6::int IS NULL OR c.retailer_access @> ARRAY[$6::int]) OFFSET 0) c`,
      [scope.brandCode, scope.iysCode, scope.type, scope.recipientType, digest.toString('hex'), retailerCode],
    );
    return rows[0];
  }

  async approvedAmongAddresses(scope: ConsentKeyScope, packedDigests: Buffer): Promise<number[]> {
    // The digests travel as one bytea, 32 bytes each (the vault's packedDigestsOf: no text to build or
    // parse), and come back as positions; each one probes the registry, then the consent by its whole
    // key (as statusOfAddress). Positions of zeros (no address) find nothing.
    const { rows } = await this.pool.query<{ i: number }>(
      `SELECT d.i
         FROM generate_series(1, length($5::bytea) / ${ADDRESS_DIGEST_BYTES}) AS d(i)
         CROSS JOIN LATERAL (SELECT r.recipient_id FROM pii.recipient_registry r
                              WHERE r.address_hmac = substring($5::bytea FROM (d.i - 1) * ${ADDRESS_DIGEST_BYTES} + 1 FOR ${ADDRESS_DIGEST_BYTES}) OFFSET 0) r
         CROSS JOIN LATERAL (
           SELECT 1 FROM consent.current_consent c
            WHERE c.brand_code = $1 AND c.type = $3 AND c.recipient_type = $4 AND c.recipient_id = r.recipient_id
              AND c.iys_code = $2 AND c.status = 'ONAY' OFFSET 0) c`,
      [scope.brandCode, scope.iysCode, scope.type, scope.recipientType, packedDigests],
    );
    return rows.map((row) => row.i - 1);
  }

  async transactionIdOf(scope: Omit<ConsentKeyScope, 'iysCode'>, recipientId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ transaction_id: string }>(
      'SELECT transaction_id FROM consent.current_consent WHERE brand_code = $1 AND type = $2 AND recipient_type = $3 AND recipient_id = $4',
      [scope.brandCode, scope.type, scope.recipientType, recipientId],
    );
    return rows[0]?.transaction_id;
  }

  async retailerAccessOf(scope: ConsentKeyScope, recipientId: string): Promise<number[] | undefined> {
    const { rows } = await this.pool.query<{ retailer_access: number[] }>(
      `SELECT retailer_access FROM consent.current_consent
        WHERE brand_code = $1 AND iys_code = $2 AND type = $3 AND recipient_type = $4 AND recipient_id = $5`,
      [scope.brandCode, scope.iysCode, scope.type, scope.recipientType, recipientId],
    );
    return rows[0]?.retailer_access;
  }

  async retailerConsents(
    scope: { iysCode: number; brandCode: number; retailerCode: number },
    page: { offset: number; limit: number },
  ): Promise<(ConsentStatusRow & { recipient: EncryptedValue; total: number })[]> {
    const { rows } = await this.pool.query<ConsentStatusRow & { recipient: EncryptedValue; total: number }>(
      `SELECT ${CONSENT_STATUS_COLUMNS}, recipient, count(*) OVER ()::int AS total
         FROM consent.current_consent
        WHERE retailer_access @> ARRAY[$3::int] AND brand_code = $1 AND iys_code = $2
        ORDER BY creation_date, recipient_id, type, recipient_type OFFSET $4 LIMIT $5`,
      [scope.brandCode, scope.iysCode, scope.retailerCode, page.offset, page.limit],
    );
    return rows;
  }

  async brandCounts(brandCodes: readonly number[]): Promise<{ brandCode: number; approval: number; rejection: number }[]> {
    const { rows } = await this.pool.query<{ brand_code: number; approval: number; rejection: number }>(
      `SELECT brand_code, count(*) FILTER (WHERE status = 'ONAY')::int AS approval, count(*) FILTER (WHERE status = 'RET')::int AS rejection
         FROM consent.current_consent WHERE brand_code = ANY($1::int[]) GROUP BY brand_code`,
      [brandCodes],
    );
    return rows.map((row) => ({ brandCode: row.brand_code, approval: row.approval, rejection: row.rejection }));
  }

  async consentsOf(recipientIds: readonly string[]): Promise<ConsentContracts.RecipientConsent[]> {
    const { rows } = await this.pool.query<CurrentConsentRow>(
      `SELECT iys_code, brand_code, recipient_id, recipient_type, type, status, source, consent_date, creation_date, transaction_id
         FROM consent.current_consent WHERE recipient_id = ANY($1::uuid[])
        ORDER BY creation_date DESC, brand_code, type, recipient_type`,
      [recipientIds],
    );
    return rows.map((row) => ({
      iysCode: row.iys_code,
      brandCode: row.brand_code,
      recipientId: row.recipient_id,
      recipientType: row.recipient_type,
      type: row.type,
      status: row.status,
      source: row.source,
      consentDate: row.consent_date.toISOString(),
      creationDate: row.creation_date.toISOString(),
      transactionId: row.transaction_id,
    }));
  }
}
