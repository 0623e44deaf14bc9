import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@iys/platform/database';
import { ReadModelWatermark, type WatermarkColumns } from '@iys/platform/event-store';
import { REPLICA_READS } from '@iys/platform/nest';
import { ADDRESS_DIGEST_BYTES } from '@iys/platform/pii';
import type { ConsentStatus } from '../../domain/consent.events.js';
import {
  senderKey,
  type CurrentConsentFacts,
  type GateBrand,
  type GateDirectorySlice,
  type GateExemption,
  type GateFacts,
  type HistoricalFacts,
  type HistoricalInputs,
  type WatermarkParams,
} from '../../application/gate/gate-facts.port.js';

interface DirectoryRow {
  kind: 'brand' | 'sender' | 'exemption';
  channel: string | null;
  sender_id: string | null;
  iys_code: number | null;
  brand_code: number | null;
  active: boolean | null;
  activation_date: Date | null;
  deactivated_at: Date | null;
  valid_from: Date | null;
  valid_to: Date | null;
}

interface ConsentRow extends WatermarkColumns {
  recipient_id: string | null;
  bireysel: ConsentStatus | null;
  tacir: ConsentStatus | null;
}

interface FactRow extends ConsentRow {
  brand_code: number | null;
  iys_code: number | null;
  sender_resolved: boolean;
  brand_active: boolean | null;
  activation_date: Date | null;
  brand_matches: boolean | null;
  exempt: boolean;
}

const watermarkOf = (rows: readonly WatermarkColumns[]): WatermarkColumns => ({ stale: rows[0]!.stale, horizon: rows[0]!.horizon });

/**
 * The GateFacts port over consent's read models, the vault's pseudonym registry and (for the
 * watermark) the log. Read on a replica when one is in rotation (ADR 0047).
 */
@Injectable()
export class PostgresGateFacts implements GateFacts {
  constructor(@Inject(REPLICA_READS) private readonly pool: SqlExecutor) {}

  async directory(brandCodes: readonly number[], senders: readonly { channel: string; senderId: string }[]): Promise<GateDirectorySlice> {
    const { rows } = await this.pool.query<DirectoryRow>(DIRECTORY_SQL, [brandCodes, senders.map((s) => s.channel), senders.map((s) => s.senderId)]);
    const slice: GateDirectorySlice = { brands: new Map<number, GateBrand>(), senders: new Map(), exemptions: new Map<string, GateExemption[]>() };
    for (const row of rows) {
      if (row.kind === 'brand') {
        slice.brands.set(row.brand_code!, { iysCode: row.iys_code!, active: row.active!, activationDate: row.activation_date!, deactivatedAt: row.deactivated_at });
      } else if (row.kind === 'sender') {
        slice.senders.set(senderKey(row.channel!, row.sender_id!), { iysCode: row.iys_code!, brandCode: row.brand_code! });
      } else {
        const key = senderKey(row.channel!, row.sender_id!);
        const periods = slice.exemptions.get(key) ?? [];
        periods.push({ validFrom: row.valid_from!, validTo: row.valid_to });
        slice.exemptions.set(key, periods);
      }
    }
    return slice;
  }

  async currentConsents(
    packedDigests: Buffer,
    brandCodes: readonly (number | null)[],
    types: readonly string[],
    watermark: WatermarkParams,
  ): Promise<{ rows: CurrentConsentFacts[]; watermark: WatermarkColumns }> {
    // Brand codes and types as one text each (`1,,2`: an empty element is null): no array literal of a
    // thousand escaped elements to build. The rows come back under the port's own field names.
    const { rows } = await this.pool.query<CurrentConsentFacts & WatermarkColumns>(CURRENT_SQL, [packedDigests, brandCodes.join(','), types.join(','), ...watermark]);
    return { rows, watermark: watermarkOf(rows) };
  }

  async historicalFacts(inputs: HistoricalInputs, now: Date, watermark: WatermarkParams): Promise<{ rows: HistoricalFacts[]; watermark: WatermarkColumns }> {
    const { rows } = await this.pool.query<FactRow>(FACTS_SQL, [inputs.digests, inputs.iysCodes, inputs.brandCodes, inputs.senderIds, inputs.types, inputs.ats, now, ...watermark]);
    return {
      rows: rows.map((row) => ({
        recipientId: row.recipient_id,
        bireysel: row.bireysel,
        tacir: row.tacir,
        brandCode: row.brand_code,
        iysCode: row.iys_code,
        senderResolved: row.sender_resolved,
        brandActive: row.brand_active,
        activationDate: row.activation_date,
        brandMatches: row.brand_matches,
        exempt: row.exempt,
      })),
      watermark: watermarkOf(rows),
    };
  }
}

// The brands asked for and those of the senders found, the senders found, and the exemptions naming them.
const DIRECTORY_SQL = `
  WITH k AS (SELECT * FROM unnest($2::text[], $3::text[]) AS k(channel, sender_id)),
       s AS (SELECT gs.channel, gs.sender_id, gs.iys_code, gs.brand_code FROM consent.gate_senders gs JOIN k USING (channel, sender_id))
  SELECT 'brand' AS kind, NULL::text AS channel, NULL::text AS sender_id, b.iys_code, b.brand_code, b.active, b.activation_date, b.deactivated_at,
         NULL::timestamptz AS valid_from, NULL::timestamptz AS valid_to
    FROM consent.brands b WHERE b.brand_code = ANY($1::int[]) OR b.brand_code IN (SELECT brand_code FROM s)
  UNION ALL
  SELECT 'sender', s.channel, s.sender_id, s.iys_code, s.brand_code, NULL, NULL, NULL, NULL, NULL FROM s
  UNION ALL
  SELECT 'exemption', e.channel, e.sender_id, NULL, NULL, NULL, NULL, NULL, e.valid_from, e.valid_to
    FROM consent.gate_exempt_senders e JOIN k USING (channel, sender_id)`;

/**
 * The bare lookups of one input row `x` (digest, brand_code, type): address pseudonym → recipient id
 * (`r`), then both consent records of (brand, type) in one primary-key probe (`c`). LATERAL subqueries
 * the planner cannot flatten (OFFSET 0, an aggregate): a join would let it hash the whole vault
 * registry for a thousand inputs; these stay index lookups per input.
 */
const recipientAndConsents = (x: string) => `
    LEFT JOIN LATERAL (SELECT rr.recipient_id FROM pii.recipient_registry rr WHERE rr.address_hmac = ${x}.digest OFFSET 0) r ON true
    LEFT JOIN LATERAL (
      SELECT max(cc.status) FILTER (WHERE cc.recipient_type = 'BIREYSEL') AS bireysel, max(cc.status) FILTER (WHERE cc.recipient_type = 'TACIR') AS tacir
        FROM consent.current_consent cc
       WHERE cc.brand_code = ${x}.brand_code AND cc.type = ${x}.type AND cc.recipient_type IN ('BIREYSEL', 'TACIR') AND cc.recipient_id = r.recipient_id) c ON true`;

/** The watermark columns on the first row only (the others carry nulls: less to parse). */
const firstRowOnly = (x: string) => `CASE WHEN ${x}.ord = 1 THEN w.stale END AS stale, CASE WHEN ${x}.ord = 1 THEN w.horizon END AS horizon`;

// One row per input, in input order: exactly the bare route's primary-key lookups, plus the watermark columns.
const CURRENT_SQL = `
  WITH w AS MATERIALIZED (SELECT ${ReadModelWatermark.columns(4)})
  SELECT r.recipient_id AS "recipientId", c.bireysel, c.tacir, ${firstRowOnly('i')}
    FROM (SELECT substring($1::bytea FROM (u.ord::int - 1) * ${ADDRESS_DIGEST_BYTES} + 1 FOR ${ADDRESS_DIGEST_BYTES}) AS digest, u.brand_code, u.type, u.ord
            FROM unnest(string_to_array($2::text, ',', '')::int[], string_to_array($3::text, ',')) WITH ORDINALITY AS u(brand_code, type, ord)) i
    CROSS JOIN w
    ${recipientAndConsents('i')}
   ORDER BY i.ord`;

// One row per input, in input order. Every lookup is an equality on a primary key (or the exemption
// index); an input whose address, sender or brand is unknown simply finds nothing. An input with its own `at` (a past
// delivery, $6 null otherwise; $7 is now) resolves its sender through the registration periods and
// judges its brand by its deactivation time, as things stood then (docs/adr/0051).
const FACTS_SQL = `
  WITH i AS (
    SELECT * FROM unnest($1::bytea[], $2::int[], $3::int[], $4::text[], $5::text[], $6::timestamptz[])
      WITH ORDINALITY AS i(digest, iys_code, brand_code, sender_id, type, at, ord)
  ), s AS (
    SELECT i.ord, i.digest, i.type, COALESCE(i.at, $7::timestamptz) AS at, i.sender_id,
           COALESCE(i.brand_code, gs.brand_code, gp.brand_code) AS brand_code,
           COALESCE(i.iys_code, gs.iys_code, gp.iys_code) AS iys_code,
           (i.brand_code IS NOT NULL OR gs.brand_code IS NOT NULL OR gp.brand_code IS NOT NULL) AS sender_resolved
      FROM i
      LEFT JOIN consent.gate_senders gs ON i.at IS NULL AND gs.channel = i.type AND gs.sender_id = i.sender_id
      LEFT JOIN LATERAL (
        SELECT p.iys_code, p.brand_code FROM consent.gate_sender_periods p
         WHERE i.at IS NOT NULL AND i.brand_code IS NULL AND p.channel = i.type AND p.sender_id = i.sender_id
           AND p.valid_from <= i.at AND (p.valid_to IS NULL OR p.valid_to > i.at)
         ORDER BY p.valid_from DESC LIMIT 1) gp ON true
  ), w AS MATERIALIZED (SELECT ${ReadModelWatermark.columns(8)})
  SELECT r.recipient_id, s.brand_code, s.iys_code, s.sender_resolved,
         b.active OR COALESCE(b.deactivated_at > s.at, false) AS brand_active, b.activation_date, b.iys_code = s.iys_code AS brand_matches,
         s.sender_id IS NOT NULL AND EXISTS (SELECT 1 FROM consent.gate_exempt_senders e
                  WHERE e.channel = s.type AND e.sender_id = s.sender_id AND e.valid_from <= s.at AND (e.valid_to IS NULL OR e.valid_to > s.at)) AS exempt,
         c.bireysel, c.tacir, ${firstRowOnly('s')}
    FROM s
    CROSS JOIN w
    LEFT JOIN consent.brands b ON b.brand_code = s.brand_code
    ${recipientAndConsents('s')}
   ORDER BY s.ord`;
