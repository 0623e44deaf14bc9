import { createPublicKey, verify } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { compareCalendarDays, istanbulDay, type CalendarDay, type Clock } from '@iys/platform/building-blocks';
import { CLOCK } from '@iys/platform/nest';
import { inclusionProof, verifyInclusion, type InclusionProof } from '../domain/merkle/merkle-tree.js';
import { DailySnapshotService, snapshotSignedMessage, type DailySnapshot } from './daily-snapshot.service.js';

/** One step of a Merkle audit path: the sibling's hash (hex) and on which side it sits. */
export interface ProofStep {
  position: 'left' | 'right';
  hash: string;
}

/**
 * Where an event sits in the signed daily snapshot of its day (the Istanbul day of its
 * creationDate), checked by the registry before it is answered:
 * - `included`: the proof. Leaf = the event's chain hash (for the audit, `hash` of its proof event); fold `auditPath`
 *   from `SHA-256(0x00 ‖ leaf)` (a `left` sibling s: `SHA-256(0x01 ‖ s ‖ running)`, `right`:
 *   `SHA-256(0x01 ‖ running ‖ s)`) to `brandRoot`; fold `brandPath` from `SHA-256(0x00 ‖ brandRoot)` to
 *   `registryRoot`; check `signedMessage` is `iys-daily-snapshot/v1\n<day>\n<registryRoot>` and
 *   `signature` (base64 Ed25519) over it with the key `publicKeyId` names (GET /reconciliation/signing-key).
 * - `pending-snapshot`: the day has no signed snapshot yet (today, or not taken yet): ask again later.
 * - `unverifiable`: the day is signed but the event cannot be proven against it: `not-in-snapshot` (the
 *   event's brand or the event itself is not among what was signed), `brand-root-mismatch` (the brand's
 *   events of that day as held now no longer give the signed root: an event was altered, or an
 *   erasure removed rows of that day after the snapshot), `snapshot-mismatch` (the stored brand root,
 *   registry root or signature no longer agree with each other).
 */
export type EventInclusion =
  | {
      status: 'included';
      day: string;
      /** The event's index among the brand's events of the day, in commit order, and their number. */
      leafIndex: number;
      leafCount: number;
      /** Event hash → brand root, from the leaf level up. */
      auditPath: ProofStep[];
      iysCode: number;
      brandCode: number;
      /** Hex Merkle root over the brand's events of the day (the snapshot's brand root). */
      brandRoot: string;
      /** The brand's index among the day's brands (by brand code) and their number. */
      brandIndex: number;
      brandCount: number;
      /** Brand root → registry root, from the leaf level up. */
      brandPath: ProofStep[];
      /** Hex registry-wide root of the day, as signed. */
      registryRoot: string;
      /** Exactly the signed text (UTF-8). */
      signedMessage: string;
      /** Base64 Ed25519 signature of `signedMessage`. */
      signature: string;
      /** First 16 hex of SHA-256 of the signing key's SPKI DER. */
      publicKeyId: string;
    }
  | { status: 'pending-snapshot'; day: string }
  | { status: 'unverifiable'; day: string; reason: 'not-in-snapshot' | 'brand-root-mismatch' | 'snapshot-mismatch' };

/** The inclusion of one proof event (same order as `proof`) in its day's signed snapshot. */
export interface EventInclusionProof {
  transactionId: string;
  inclusion: EventInclusion;
}

/** An event to prove: its id, its stored chain hash (the leaf) and where the snapshot files it. */
export interface EventToProve {
  transactionId: string;
  hash: Buffer;
  recordedAt: Date;
  iysCode: number;
  brandCode: number;
}

const steps = (proof: InclusionProof): ProofStep[] => proof.siblings.map((step) => ({ position: step.position, hash: step.hash.toString('hex') }));

/**
 * Proves events against the signed daily snapshots: each event's leaf (its chain hash) → its brand's
 * root of that day (recomputed from the day's events in commit order, the snapshot's own query) →
 * the registry root → the Ed25519 signature. Every proof is checked here before it is answered as
 * `included`; what cannot be proven says why (see {@link EventInclusion}). Days not signed yet —
 * today, or not taken yet — are `pending-snapshot`.
 */
@Injectable()
export class SnapshotInclusion {
  constructor(
    @Inject(DailySnapshotService) private readonly snapshots: DailySnapshotService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One answer per event, in the given order. One pass over a brand's day serves all its events. */
  async prove(events: readonly EventToProve[]): Promise<EventInclusionProof[]> {
    const today = istanbulDay(this.clock.now());
    const answers = new Map<string, EventInclusion>();
    const byBrandDay = new Map<string, { day: CalendarDay; iysCode: number; brandCode: number; events: EventToProve[] }>();
    for (const event of events) {
      const day = istanbulDay(event.recordedAt);
      const key = `${day}/${event.brandCode}/${event.iysCode}`;
      const group = byBrandDay.get(key) ?? { day, iysCode: event.iysCode, brandCode: event.brandCode, events: [] };
      group.events.push(event);
      byBrandDay.set(key, group);
    }
    const signed = new Map<CalendarDay, DailySnapshot | undefined>();
    for (const group of byBrandDay.values()) {
      if (!signed.has(group.day)) {
        signed.set(group.day, compareCalendarDays(group.day, today) < 0 ? await this.snapshots.findSnapshot(group.day) : undefined);
      }
      const snapshot = signed.get(group.day);
      const proven = snapshot ? await this.proveInBrandDay(snapshot, group) : undefined;
      for (const event of group.events) {
        answers.set(event.transactionId, proven?.get(event.transactionId) ?? { status: 'pending-snapshot', day: group.day });
      }
    }
    return events.map((event) => ({ transactionId: event.transactionId, inclusion: answers.get(event.transactionId)! }));
  }

  private async proveInBrandDay(
    snapshot: DailySnapshot,
    group: { day: CalendarDay; iysCode: number; brandCode: number; events: EventToProve[] },
  ): Promise<Map<string, EventInclusion>> {
    const { day } = group;
    const unverifiable = (reason: 'not-in-snapshot' | 'brand-root-mismatch' | 'snapshot-mismatch'): EventInclusion => ({ status: 'unverifiable', day, reason });
    const all = (inclusion: EventInclusion) => new Map(group.events.map((event) => [event.transactionId, inclusion]));

    const brandIndex = snapshot.brands.findIndex((brand) => brand.brandCode === group.brandCode && brand.iysCode === group.iysCode);
    if (brandIndex < 0) return all(unverifiable('not-in-snapshot'));
    const brand = snapshot.brands[brandIndex];
    const { root, count, proofs } = await this.snapshots.brandRoot(day, group.brandCode, group.iysCode, new Set(group.events.map((event) => event.transactionId)));
    if (!root.equals(brand.merkleRoot)) return all(unverifiable('brand-root-mismatch'));

    const brandPath = inclusionProof(snapshot.brands.map((b) => b.merkleRoot), brandIndex);
    const signedMessage = snapshotSignedMessage(day, snapshot.registryRoot);
    const key = createPublicKey({ key: snapshot.publicKey, format: 'der', type: 'spki' });
    if (!verifyInclusion(brand.merkleRoot, brandPath, snapshot.registryRoot) || !verify(null, signedMessage, key, snapshot.signature)) {
      return all(unverifiable('snapshot-mismatch'));
    }
    const answers = new Map<string, EventInclusion>();
    for (const event of group.events) {
      const proof = proofs.get(event.transactionId);
      if (!proof || !verifyInclusion(event.hash, proof, brand.merkleRoot)) {
        answers.set(event.transactionId, unverifiable(proof ? 'brand-root-mismatch' : 'not-in-snapshot'));
        continue;
      }
      answers.set(event.transactionId, {
        status: 'included',
        day,
        leafIndex: proof.index,
        leafCount: count,
        auditPath: steps(proof),
        iysCode: brand.iysCode,
        brandCode: brand.brandCode,
        brandRoot: brand.merkleRoot.toString('hex'),
        brandIndex,
        brandCount: snapshot.brands.length,
        brandPath: steps(brandPath),
        registryRoot: snapshot.registryRoot.toString('hex'),
        signedMessage: signedMessage.toString('utf8'),
        signature: snapshot.signature.toString('base64'),
        publicKeyId: snapshot.publicKeyId,
      });
    }
    return answers;
  }
}
