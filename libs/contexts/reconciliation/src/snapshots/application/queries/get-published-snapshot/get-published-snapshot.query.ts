import { Query } from '@nestjs/cqrs';
import type { CalendarDay } from '@iys/platform/building-blocks';

export interface PublishedSnapshot {
  day: string;
  /** Hex of the Merkle root over the brand roots (ordered by brand code). */
  registryRoot: string;
  /** Base64 Ed25519 signature of `signedMessage` (UTF-8). */
  signature: string;
  /** Exactly what was signed: `iys-daily-snapshot/v1\n<day>\n<registryRoot hex>`. */
  signedMessage: string;
  publicKeyId: string;
  /** PEM (SPKI) of the key that signed this snapshot. */
  publicKey: string;
  eventCount: number;
  brands: { brandCode: number; merkleRoot: string; fileSha256: string; eventCount: number }[];
}

/** A completed day's signed roots, as published for anyone to check (`GET /reconciliation/snapshots/{day}`). */
export class GetPublishedSnapshotQuery extends Query<PublishedSnapshot> {
  constructor(readonly day: CalendarDay) {
    super();
  }
}
