import { Inject, Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@iys/platform/database';
import { ServiceProviderContracts } from '@iys/contracts';
import type { Clock } from '@iys/platform/building-blocks';
import { PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK, REPLICA_READS } from '@iys/platform/nest';
import { normaliseAddress, PiiVault, type NormalisedAddress } from '@iys/platform/pii';
import { consentStreamId } from '../../domain/consent.decider.js';
import type { ConsentStatus, ConsentType, RecipientType } from '../../domain/consent.events.js';
import { decideDelivery, type DeliveryCategory, type DeliveryVerdict } from '../../domain/delivery-gate.js';

/** One message to check, shape-checked by the caller. */
export interface DeliveryCheck {
  sender: { iysCode: number; brandCode: number } | { senderId: string };
  recipient: string;
  type: ConsentType;
  category: DeliveryCategory;
  /** A past (or future) delivery instant; now when absent. */
  at?: Date;
}

export interface CheckedDelivery extends DeliveryVerdict {
  brandCode: number | null;
  iysCode: number | null;
  /** Opaque id of the address, for the DENY log; null when unknown or invalid. */
  recipientId: string | null;
  at: Date;
}

interface FactRow {
  recipient_id: string | null;
  brand_code: number | null;
  iys_code: number | null;
  sender_resolved: boolean;
  brand_active: boolean | null;
  activation_date: Date | null;
  brand_matches: boolean | null;
  exempt: boolean;
  bireysel: ConsentStatus | null;
  tacir: ConsentStatus | null;
}

/**
 * Gathers the facts for many messages in one statement and applies `decideDelivery` to each. The
 * statement joins the address pseudonyms to the vault, the senders to their brands, the brands to
 * the directory and the consent keys to the current-consent read model (inline, so a RET recorded
 * a moment ago is seen): primary-key lookups only. Keys are computed once per call in the process,
 * addresses normalised on the fast path (docs/adr/0033).
 */
@Injectable()
export class DeliveryChecker {
  constructor(
    // The facts are read on a replica when one is in rotation (ADR 0047).
    @Inject(REPLICA_READS) private readonly pool: SqlExecutor,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async check(checks: readonly DeliveryCheck[]): Promise<CheckedDelivery[]> {
    if (checks.length === 0) return [];
    const now = this.clock.now();
    const n = checks.length;
    const digests: (Buffer | null)[] = new Array(n);
    const valid: boolean[] = new Array(n);
    const addresses: (NormalisedAddress | null)[] = new Array(n);
    const iysCodes: (number | null)[] = new Array(n);
    const brandCodes: (number | null)[] = new Array(n);
    const senderIds: (string | null)[] = new Array(n);
    const types: string[] = new Array(n);
    const ats: Date[] = new Array(n);
    const pasts: (Date | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const check = checks[i]!;
      let address: NormalisedAddress | null = null;
      try {
        address = normaliseAddress(check.recipient);
      } catch {
        address = null;
      }
      addresses[i] = address;
      valid[i] = address !== null;
      if ('senderId' in check.sender) {
        iysCodes[i] = null;
        brandCodes[i] = null;
        senderIds[i] = senderIdOf(check.type, check.sender.senderId);
      } else {
        iysCodes[i] = check.sender.iysCode;
        brandCodes[i] = check.sender.brandCode;
        senderIds[i] = null;
      }
      types[i] = check.type;
      ats[i] = check.at ?? now;
      pasts[i] = check.at ?? null;
    }
    const known = this.vault.digestsOf(addresses.filter((a): a is NormalisedAddress => a !== null));
    let next = 0;
    for (let i = 0; i < n; i++) digests[i] = addresses[i] ? known[next++]! : null;

    const { rows } = await this.pool.query<FactRow>(FACTS_SQL, [digests, iysCodes, brandCodes, senderIds, types, pasts, now]);
    const historical = await this.consentsAsOf(checks, rows);
    return rows.map((row, i) => {
      const check = checks[i]!;
      const brandKnown = row.brand_active !== null && row.brand_matches === true;
      const verdict = decideDelivery({
        category: check.category,
        at: ats[i]!.toISOString(),
        recipientValid: valid[i]!,
        recipientKnown: row.recipient_id !== null,
        senderResolved: row.sender_resolved,
        brand: brandKnown ? { iysCode: row.iys_code!, brandCode: row.brand_code!, active: row.brand_active!, activationDate: row.activation_date!.toISOString() } : undefined,
        exempt: row.exempt,
        consents: historical.get(i) ?? statusesOf(row.bireysel, row.tacir),
      });
      return { ...verdict, brandCode: brandKnown ? row.brand_code : null, iysCode: brandKnown ? row.iys_code : null, recipientId: row.recipient_id, at: ats[i]! };
    });
  }

  /**
   * Consents as they stood at a given `at` (an operator re-checking a past delivery): answered from
   * the event store, as the audit's as-of is, by the recording time of each change: a RET counts from
   * the moment it was recorded.
   */
  private async consentsAsOf(checks: readonly DeliveryCheck[], rows: FactRow[]): Promise<Map<number, Partial<Record<RecipientType, ConsentStatus>>>> {
    const wanted: { index: number; recipientType: RecipientType; streamId: string }[] = [];
    checks.forEach((check, index) => {
      const row = rows[index]!;
      if (check.at === undefined || row.recipient_id === null || row.brand_code === null) return;
      for (const recipientType of ['BIREYSEL', 'TACIR'] as const) {
        wanted.push({ index, recipientType, streamId: consentStreamId(row.recipient_id, row.brand_code, check.type, recipientType) });
      }
    });
    const result = new Map<number, Partial<Record<RecipientType, ConsentStatus>>>();
    if (wanted.length === 0) return result;
    const streams = await this.store.readStreams([...new Set(wanted.map((w) => w.streamId))]);
    for (const { index, recipientType, streamId } of wanted) {
      const at = checks[index]!.at!.getTime();
      const statuses = result.get(index) ?? {};
      result.set(index, statuses);
      for (const event of streams.get(streamId) ?? []) {
        if (event.recordedAt.getTime() > at) break;
        if (event.type === 'consent.ConsentApproved') statuses[recipientType] = 'ONAY';
        else if (event.type === 'consent.ConsentRejected') statuses[recipientType] = 'RET';
      }
    }
    return result;
  }
}

/** A mail sender may be given as its full From address: its domain is the identity. */
function senderIdOf(type: ConsentType, raw: string): string | null {
  const given = type === 'EPOSTA' ? raw.slice(raw.lastIndexOf('@') + 1) : raw;
  return ServiceProviderContracts.normaliseSenderId(type, given) ?? null;
}

function statusesOf(bireysel: ConsentStatus | null, tacir: ConsentStatus | null): Partial<Record<RecipientType, ConsentStatus>> {
  const statuses: Partial<Record<RecipientType, ConsentStatus>> = {};
  if (bireysel) statuses.BIREYSEL = bireysel;
  if (tacir) statuses.TACIR = tacir;
  return statuses;
}

// One row per input, in input order. Every lookup is an equality on a primary key (or the exemption
// index); an input whose address, sender or brand is unknown simply finds nothing. The address and
// consent lookups are LATERAL subqueries the planner cannot flatten (OFFSET 0, an aggregate): a join
// would let it hash the whole vault registry for a thousand inputs; these stay index lookups per input,
// both consent records (BIREYSEL, TACIR) in one primary-key probe. An input with its own `at` (a past
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
  )
  SELECT r.recipient_id, s.brand_code, s.iys_code, s.sender_resolved,
         b.active OR COALESCE(b.deactivated_at > s.at, false) AS brand_active, b.activation_date, b.iys_code = s.iys_code AS brand_matches,
         s.sender_id IS NOT NULL AND EXISTS (SELECT 1 FROM consent.gate_exempt_senders e
                  WHERE e.channel = s.type AND e.sender_id = s.sender_id AND e.valid_from <= s.at AND (e.valid_to IS NULL OR e.valid_to > s.at)) AS exempt,
         c.bireysel, c.tacir
    FROM s
    LEFT JOIN consent.brands b ON b.brand_code = s.brand_code
    LEFT JOIN LATERAL (SELECT rr.recipient_id FROM pii.recipient_registry rr WHERE rr.address_hmac = s.digest OFFSET 0) r ON true
    LEFT JOIN LATERAL (
      SELECT max(cc.status) FILTER (WHERE cc.recipient_type = 'BIREYSEL') AS bireysel, max(cc.status) FILTER (WHERE cc.recipient_type = 'TACIR') AS tacir
        FROM consent.current_consent cc
       WHERE cc.brand_code = s.brand_code AND cc.type = s.type AND cc.recipient_type IN ('BIREYSEL', 'TACIR') AND cc.recipient_id = r.recipient_id) c ON true
   ORDER BY s.ord`;
