import { Inject, Injectable } from '@nestjs/common';
import { ServiceProviderContracts } from '@iys/contracts';
import type { Clock } from '@iys/platform/building-blocks';
import { PostgresEventStore, ReadModelWatermark } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { ADDRESS_DIGEST_BYTES, normaliseAddress, PiiVault, type NormalisedAddress } from '@iys/platform/pii';
import { consentStreamId } from '../../domain/consent.decider.js';
import type { ConsentStatus, ConsentType, RecipientType } from '../../domain/consent.events.js';
import { decideDelivery, type BrandFacts, type DeliveryCategory, type DeliveryVerdict } from '../../domain/delivery-gate.js';
import { batchOf, type CheckBatch } from './gate-input.js';
import { GATE_FACTS, senderKey, type GateBrand, type GateDirectorySlice, type GateExemption, type GateFacts, type GateSender, type HistoricalFacts } from './gate-facts.port.js';

/** The watermark of the directory read models the gate follows (consent.brands, consent.operator-gate). */
export const GATE_WATERMARK = Symbol('GATE_WATERMARK');

interface CallKeys {
  /** The address pseudonyms, 32 bytes each in input order, zeros where the address is invalid. */
  packed: Buffer;
  valid: boolean[];
  senderIds: (string | null)[];
  types: readonly ConsentType[];
}

/** A call's sender, resolved once per call: its brand's facts (undefined when unknown or not the provider's) and exemption. */
interface ResolvedSender {
  sender: GateSender | null;
  brand: BrandFacts | undefined;
  exempt: boolean;
}
const NO_SENDER: ResolvedSender = { sender: null, brand: undefined, exempt: false };

/** A call's view of the directory: what it read itself first, then what is remembered. */
interface DirectoryView {
  brands(code: number): GateBrand | null;
  senders(key: string): GateSender | null;
  exemptions(key: string): readonly GateExemption[] | undefined;
}

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

/** Attempts of one call when the read models change under it (each after they caught up). */
const MAX_ATTEMPTS = 3;
/** Brands and sender identities remembered (each map), beyond which they are all forgotten. */
const MAX_REMEMBERED = 100_000;

/**
 * Decides many messages with one statement in the common case and applies `decideDelivery` to each.
 *
 * Who a sender is (its brand, provider, activation date, exemptions) comes from consent's async
 * directory read models (consent.brands, consent.operator-gate), remembered in memory; the one
 * statement per call is then the bare lookups (address pseudonym → recipient → both consent records
 * of (brand, type), consent's inline current-consent model: a RET recorded a moment ago is seen) plus
 * the directory's watermark (docs/adr/0060): when a brand, sender or exemption changed since, the
 * directory projections are caught up, the remembered facts forgotten and the call decided again.
 * Keys are computed once per call in the process, addresses normalised on the fast path
 * (docs/adr/0033). A call with a delivery time (`at`) is answered as things stood then, sender and
 * brand resolved in the database.
 */
@Injectable()
export class DeliveryChecker {
  private brands = new Map<number, GateBrand | null>();
  private senders = new Map<string, GateSender | null>();
  private exemptions = new Map<string, readonly GateExemption[]>();

  constructor(
    @Inject(GATE_FACTS) private readonly facts: GateFacts,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(GATE_WATERMARK) private readonly watermark: ReadModelWatermark,
  ) {
    watermark.onChange(() => this.forget());
  }

  /** Decides each check, in order: checks one object each, or a call's columns (gate-input.ts). */
  async check(input: readonly DeliveryCheck[] | CheckBatch): Promise<CheckedDelivery[]> {
    const batch = Array.isArray(input) ? batchOf(input as readonly DeliveryCheck[]) : (input as CheckBatch);
    if (batch.length === 0) return [];
    const now = this.clock.now();
    const n = batch.length;
    const valid: boolean[] = new Array(n);
    const addresses: (NormalisedAddress | null)[] = new Array(n);
    const senderIds: (string | null)[] = new Array(n);
    // A call names few sender identities, each many times: normalised once per call.
    const normalised = new Map<string, string | null>();
    for (let i = 0; i < n; i++) {
      let address: NormalisedAddress | null = null;
      try {
        address = normaliseAddress(batch.recipients[i]!);
      } catch {
        address = null;
      }
      addresses[i] = address;
      valid[i] = address !== null;
      const given = batch.senderIds[i]!;
      if (given === null) senderIds[i] = null;
      else {
        const key = senderKey(batch.types[i]!, given);
        let senderId = normalised.get(key);
        if (senderId === undefined) normalised.set(key, (senderId = senderIdOf(batch.types[i]!, given)));
        senderIds[i] = senderId;
      }
    }
    const packed = this.vault.packedDigestsOf(addresses);
    const keys: CallKeys = { packed, valid, senderIds, types: batch.types };
    for (let attempt = 1; ; attempt++) {
      const last = attempt === MAX_ATTEMPTS;
      const decided = batch.ats !== null ? await this.decideAsOf(batch, keys, now, last) : await this.decideNow(batch, keys, now, last);
      if (decided) return decided;
    }
  }

  /** Every input without `at`: the directory from memory, one statement. Undefined when the directory changed meanwhile. */
  private async decideNow(batch: CheckBatch, keys: CallKeys, now: Date, last: boolean): Promise<CheckedDelivery[] | undefined> {
    const n = batch.length;
    // The watermark before the directory is read: what memory loads now reflects at least every change
    // up to it, and the statement then checks nothing changed after it. Taken after the load, a change
    // projected in between would be behind the watermark and never seen.
    const watermarkParams = await this.watermark.params();
    const directory = await this.directoryFor(batch, keys.senderIds);
    const at = now.toISOString();
    const nowMs = now.getTime();
    // Each distinct sender of the call resolved once: its brand's facts and whether it is exempt now.
    const resolvedSenders = new Map<string, ResolvedSender>();
    const resolvedBrands = new Map<number, ResolvedSender>();
    const resolve = (sender: GateSender | null, exempt: boolean): ResolvedSender => {
      if (sender === null) return { sender: null, brand: undefined, exempt };
      const brand = directory.brands(sender.brandCode);
      const known = brand !== null && brand.iysCode === sender.iysCode;
      return {
        sender,
        exempt,
        brand: known
          ? { iysCode: sender.iysCode, brandCode: sender.brandCode, active: brand.active || (brand.deactivatedAt !== null && brand.deactivatedAt.getTime() > nowMs), activationDate: brand.activationDate.toISOString() }
          : undefined,
      };
    };
    const resolved: ResolvedSender[] = new Array(n);
    const brandCodes: (number | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      let entry: ResolvedSender | undefined;
      if (batch.senderIds[i] !== null) {
        const senderId = keys.senderIds[i];
        if (senderId === null) entry = NO_SENDER;
        else {
          const key = senderKey(keys.types[i]!, senderId!);
          entry = resolvedSenders.get(key);
          if (entry === undefined) {
            const exempt = (directory.exemptions(key) ?? []).some((e) => e.validFrom.getTime() <= nowMs && (e.validTo === null || e.validTo.getTime() > nowMs));
            entry = resolve(directory.senders(key), exempt);
            resolvedSenders.set(key, entry);
          }
        }
      } else {
        const iysCode = batch.iysCodes[i]!;
        const brandCode = batch.brandCodes[i]!;
        // One key per (iysCode, brandCode): codes are below 2^31, so the pair fits a double exactly.
        const key = iysCode * 2_147_483_648 + brandCode;
        entry = resolvedBrands.get(key);
        if (entry === undefined) resolvedBrands.set(key, (entry = resolve({ iysCode, brandCode }, false)));
      }
      resolved[i] = entry;
      brandCodes[i] = entry.sender?.brandCode ?? null;
    }
    const { rows, watermark } = await this.facts.currentConsents(keys.packed, brandCodes, keys.types, watermarkParams);
    if (!(await this.watermark.settle(watermark)) && !last) return undefined;
    const results: CheckedDelivery[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      const { sender, brand, exempt } = resolved[i]!;
      const verdict = decideDelivery({
        category: batch.categories[i]!,
        at,
        recipientValid: keys.valid[i]!,
        recipientKnown: row.recipientId !== null,
        senderResolved: sender !== null,
        brand,
        exempt,
        consents: statusesOf(row.bireysel, row.tacir),
      });
      results[i] = {
        decision: verdict.decision,
        reason: verdict.reason,
        recipientType: verdict.recipientType,
        brandCode: brand ? brand.brandCode : null,
        iysCode: brand ? brand.iysCode : null,
        recipientId: row.recipientId,
        at: now,
      };
    }
    return results;
  }

  /** A call with some `at`: every fact from the database as of each input's time. Undefined when the directory changed meanwhile. */
  private async decideAsOf(batch: CheckBatch, keys: CallKeys, now: Date, last: boolean): Promise<CheckedDelivery[] | undefined> {
    const byCodes = (i: number) => batch.senderIds[i] === null;
    const indexes = Array.from({ length: batch.length }, (_, i) => i);
    const checks = indexes.map((i) => ({ type: batch.types[i]!, category: batch.categories[i]!, at: batch.ats?.[i] }));
    const { rows, watermark } = await this.facts.historicalFacts(
      {
        digests: indexes.map((i) => (keys.valid[i] ? keys.packed.subarray(i * ADDRESS_DIGEST_BYTES, (i + 1) * ADDRESS_DIGEST_BYTES) : null)),
        iysCodes: indexes.map((i) => (byCodes(i) ? batch.iysCodes[i]! : null)),
        brandCodes: indexes.map((i) => (byCodes(i) ? batch.brandCodes[i]! : null)),
        senderIds: keys.senderIds,
        types: [...keys.types],
        ats: checks.map((c) => c.at ?? null),
      },
      now,
      await this.watermark.params(),
    );
    if (!(await this.watermark.settle(watermark)) && !last) return undefined;
    const historical = await this.consentsAsOf(checks, rows);
    return rows.map((row, i) => {
      const check = checks[i]!;
      const at = check.at ?? now;
      const brandKnown = row.brandActive !== null && row.brandMatches === true;
      const verdict = decideDelivery({
        category: check.category,
        at: at.toISOString(),
        recipientValid: keys.valid[i]!,
        recipientKnown: row.recipientId !== null,
        senderResolved: row.senderResolved,
        brand: brandKnown ? { iysCode: row.iysCode!, brandCode: row.brandCode!, active: row.brandActive!, activationDate: row.activationDate!.toISOString() } : undefined,
        exempt: row.exempt,
        consents: historical.get(i) ?? statusesOf(row.bireysel, row.tacir),
      });
      return { ...verdict, brandCode: brandKnown ? row.brandCode : null, iysCode: brandKnown ? row.iysCode : null, recipientId: row.recipientId, at };
    });
  }

  /**
   * The directory facts of a call's brands and senders: from memory, the missing ones in one
   * statement. What was read while the directory changed (the watermark's generation moved) serves
   * this call only: the call's own statement then finds the watermark stale and it is decided again.
   */
  private async directoryFor(batch: CheckBatch, senderIds: readonly (string | null)[]): Promise<DirectoryView> {
    const missingBrands = new Set<number>();
    const missingSenders = new Map<string, { channel: string; senderId: string }>();
    for (let i = 0; i < batch.length; i++) {
      const type = batch.types[i]!;
      if (batch.senderIds[i] !== null) {
        const senderId = senderIds[i];
        if (senderId === null) continue;
        const key = senderKey(type, senderId!);
        if (!this.senders.has(key) || !this.exemptions.has(key)) missingSenders.set(key, { channel: type, senderId: senderId! });
        else {
          const sender = this.senders.get(key);
          if (sender && !this.brands.has(sender.brandCode)) missingBrands.add(sender.brandCode);
        }
      } else if (!this.brands.has(batch.brandCodes[i]!)) missingBrands.add(batch.brandCodes[i]!);
    }
    if (missingBrands.size === 0 && missingSenders.size === 0) return this.view(undefined);
    const generation = this.watermark.generation;
    const slice = await this.facts.directory([...missingBrands], [...missingSenders.values()]);
    if (generation === this.watermark.generation) {
      if (this.brands.size + missingBrands.size > MAX_REMEMBERED || this.senders.size + missingSenders.size > MAX_REMEMBERED) this.forget();
      for (const code of missingBrands) this.brands.set(code, slice.brands.get(code) ?? null);
      for (const [code, brand] of slice.brands) this.brands.set(code, brand);
      for (const key of missingSenders.keys()) {
        this.senders.set(key, slice.senders.get(key) ?? null);
        this.exemptions.set(key, slice.exemptions.get(key) ?? []);
      }
    }
    return this.view(slice);
  }

  private view(slice: GateDirectorySlice | undefined): DirectoryView {
    return {
      brands: (code) => (slice?.brands.get(code) ?? this.brands.get(code) ?? null),
      senders: (key) => slice?.senders.get(key) ?? this.senders.get(key) ?? null,
      exemptions: (key) => slice?.exemptions.get(key) ?? this.exemptions.get(key),
    };
  }

  private forget(): void {
    this.brands = new Map();
    this.senders = new Map();
    this.exemptions = new Map();
  }

  /**
   * Consents as they stood at a given `at` (an operator re-checking a past delivery): answered from
   * the event store, as the audit's as-of is, by the recording time of each change: a RET counts from
   * the moment it was recorded.
   */
  private async consentsAsOf(checks: readonly { type: ConsentType; at?: Date }[], rows: readonly HistoricalFacts[]): Promise<Map<number, Partial<Record<RecipientType, ConsentStatus>>>> {
    const wanted: { index: number; recipientType: RecipientType; streamId: string }[] = [];
    checks.forEach((check, index) => {
      const row = rows[index]!;
      if (check.at === undefined || row.recipientId === null || row.brandCode === null) return;
      for (const recipientType of ['BIREYSEL', 'TACIR'] as const) {
        wanted.push({ index, recipientType, streamId: consentStreamId(row.recipientId, row.brandCode, check.type, recipientType) });
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

type Statuses = Partial<Record<RecipientType, ConsentStatus>>;
const STATUS_VALUES = [null, 'ONAY', 'RET'] as const;
/** Every combination of the two records' statuses, built once and frozen: read, never changed. */
const STATUSES: readonly Statuses[] = STATUS_VALUES.flatMap((bireysel) =>
  STATUS_VALUES.map((tacir) => Object.freeze({ ...(bireysel ? { BIREYSEL: bireysel } : {}), ...(tacir ? { TACIR: tacir } : {}) })),
);
const statusIndex = (status: ConsentStatus | null): number => (status === null ? 0 : status === 'ONAY' ? 1 : 2);

function statusesOf(bireysel: ConsentStatus | null, tacir: ConsentStatus | null): Statuses {
  return STATUSES[statusIndex(bireysel) * 3 + statusIndex(tacir)]!;
}
