import { createPublicKey, verify } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { compareCalendarDays, istanbulDay, type CalendarDay, type Clock } from '@iys/platform/building-blocks';
import { CLOCK } from '@iys/platform/nest';
import { inclusionProof, verifyInclusion, type InclusionProof } from '../domain/merkle/merkle-tree.js';
import type { AuditInclusion, AuditInclusionProof, AuditProofStep } from '../../audit/application/consent-audit.types.js';
import { DailySnapshotService, snapshotSignedMessage, type DailySnapshot } from './daily-snapshot.service.js';

/** An event to prove: its id, its stored chain hash (the leaf) and where the snapshot files it. */
export interface EventToProve {
  transactionId: string;
  hash: Buffer;
  recordedAt: Date;
  iysCode: number;
  brandCode: number;
}

const steps = (proof: InclusionProof): AuditProofStep[] => proof.siblings.map((step) => ({ position: step.position, hash: step.hash.toString('hex') }));

/**
 * Proves events against the signed daily snapshots: each event's leaf (its chain hash) → its brand's
 * root of that day (recomputed from the day's events in commit order, the snapshot's own query) →
 * the registry root → the Ed25519 signature. Every proof is checked here before it is answered as
 * `included`; what cannot be proven says why (see {@link AuditInclusion}). Days not signed yet —
 * today, or not taken yet — are `pending-snapshot`.
 */
@Injectable()
export class SnapshotInclusion {
  constructor(
    @Inject(DailySnapshotService) private readonly snapshots: DailySnapshotService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One answer per event, in the given order. One pass over a brand's day serves all its events. */
  async prove(events: readonly EventToProve[]): Promise<AuditInclusionProof[]> {
    const today = istanbulDay(this.clock.now());
    const answers = new Map<string, AuditInclusion>();
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
  ): Promise<Map<string, AuditInclusion>> {
    const { day } = group;
    const unverifiable = (reason: 'not-in-snapshot' | 'brand-root-mismatch' | 'snapshot-mismatch'): AuditInclusion => ({ status: 'unverifiable', day, reason });
    const all = (inclusion: AuditInclusion) => new Map(group.events.map((event) => [event.transactionId, inclusion]));

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
    const answers = new Map<string, AuditInclusion>();
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
