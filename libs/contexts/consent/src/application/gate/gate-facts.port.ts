import type { WatermarkColumns } from '@iys/platform/event-store';
import type { ConsentStatus } from '../../domain/consent.events.js';

/** A brand as consent's directory holds it (consent.brands). */
export interface GateBrand {
  iysCode: number;
  active: boolean;
  activationDate: Date;
  deactivatedAt: Date | null;
}

/** The brand a sender identity is registered to now. */
export interface GateSender {
  iysCode: number;
  brandCode: number;
}

/** One validity period of an exemption naming a sender identity. */
export interface GateExemption {
  validFrom: Date;
  validTo: Date | null;
}

/** A sender identity's key in the gate's maps: channel (the message type) and normalised identity. */
export const senderKey = (channel: string, senderId: string): string => `${channel}|${senderId}`;

/** What the directory holds for some brands and sender identities; a key absent was not found. */
export interface GateDirectorySlice {
  brands: Map<number, GateBrand>;
  senders: Map<string, GateSender>;
  exemptions: Map<string, GateExemption[]>;
}

/** One input's recipient and its current consents for (brand, type). */
export interface CurrentConsentFacts {
  recipientId: string | null;
  bireysel: ConsentStatus | null;
  tacir: ConsentStatus | null;
}

/** Everything for one input of a call with a delivery time (`at`), as things stood then. */
export interface HistoricalFacts extends CurrentConsentFacts {
  brandCode: number | null;
  iysCode: number | null;
  senderResolved: boolean;
  brandActive: boolean | null;
  activationDate: Date | null;
  brandMatches: boolean | null;
  exempt: boolean;
}

/** A call's inputs, in order, for `historicalFacts`: null where an input has no such field. */
export interface HistoricalInputs {
  digests: readonly (Buffer | null)[];
  iysCodes: readonly (number | null)[];
  brandCodes: readonly (number | null)[];
  senderIds: readonly (string | null)[];
  types: readonly string[];
  ats: readonly (Date | null)[];
}

/** The watermark's parameters (ReadModelWatermark.params) handed to a statement. */
export type WatermarkParams = [string, string, string[]];

/**
 * The gate's reads (docs/adr/0033, 0060). Every statement also answers the read models' watermark
 * columns, so a change to a brand, sender or exemption since the watermark is noticed in the same
 * round trip. Implemented in infrastructure.
 */
export interface GateFacts {
  /** The directory rows of these brands and sender identities (and the brands those senders belong to): one statement. */
  directory(brandCodes: readonly number[], senders: readonly { channel: string; senderId: string }[]): Promise<GateDirectorySlice>;
  /** Per input, in order: its recipient id and current consents for (brand, type): the bare primary-key lookups, one statement. */
  currentConsents(
    /** The address pseudonyms, 32 bytes each in input order, zeros where there is none. */
    packedDigests: Buffer,
    brandCodes: readonly (number | null)[],
    types: readonly string[],
    watermark: WatermarkParams,
  ): Promise<{ rows: CurrentConsentFacts[]; watermark: WatermarkColumns }>;
  /** Per input, in order: every fact as of each input's `at` (or `now`), sender and brand resolved in the database: one statement. */
  historicalFacts(inputs: HistoricalInputs, now: Date, watermark: WatermarkParams): Promise<{ rows: HistoricalFacts[]; watermark: WatermarkColumns }>;
}

export const GATE_FACTS = Symbol('GATE_FACTS');
