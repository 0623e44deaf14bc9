import { createHash } from 'node:crypto';
import type { ConsentEvidence } from './complaint.events.js';

/** A reason the stored evidence no longer verifies (codes of COMPLAINT_ERRORS), with where. */
export interface EvidenceMismatch {
  code: 'H792' | 'H793' | 'H794';
  location: (string | number)[];
}

export interface EvidenceRecheck {
  verified: boolean;
  /** Inclusion proofs stored as included, stored as pending a snapshot, and pending ones a snapshot now includes. */
  proofs: { included: number; pendingSnapshot: number; nowIncluded: number };
  mismatches: EvidenceMismatch[];
}

interface Step {
  position: 'left' | 'right';
  hash: string;
}

interface Inclusion {
  status: string;
  day: string;
  auditPath?: Step[];
  brandRoot?: string;
  brandPath?: Step[];
  registryRoot?: string;
  signedMessage?: string;
  signature?: string;
  publicKeyId?: string;
}

interface Answer {
  state: string;
  proof: { position: number; transactionId: string; hash: string }[];
  chain: { ok: boolean };
  inclusionProofs: { transactionId: string; inclusion: Inclusion }[];
}

const sha = (...parts: Buffer[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();

/** RFC 6962 hashing, as the daily snapshots use it (ADR 0017): leaf SHA-256(0x00 ‖ value), node SHA-256(0x01 ‖ left ‖ right). */
function fold(valueHex: string, path: Step[]): string {
  return path
    .reduce((running, step) => {
      const sibling = Buffer.from(step.hash, 'hex');
      return step.position === 'left' ? sha(Buffer.from([1]), sibling, running) : sha(Buffer.from([1]), running, sibling);
    }, sha(Buffer.from([0]), Buffer.from(valueHex, 'hex')))
    .toString('hex');
}

/** Whether an included proof still computes: event hash → brand root → registry root → the signed text. */
function computes(eventHash: string | undefined, inclusion: Inclusion): boolean {
  const { auditPath, brandRoot, brandPath, registryRoot, signedMessage } = inclusion;
  if (!eventHash || !auditPath || !brandRoot || !brandPath || !registryRoot) return false;
  return fold(eventHash, auditPath) === brandRoot && fold(brandRoot, brandPath) === registryRoot && signedMessage === `iys-daily-snapshot/v1\n${inclusion.day}\n${registryRoot}`;
}

const SIGNED_FIELDS = ['brandRoot', 'registryRoot', 'signedMessage', 'signature', 'publicKeyId'] as const;

/**
 * Re-checks consent evidence stored with a complaint, on demand (pure: the caller brings the
 * registry's current answer for the same address, brand, channel and message time, or nothing when
 * the address was erased):
 * - H792: a stored inclusion proof no longer computes to its signed root (the stored evidence changed);
 * - H793: the registry's record now answers differently (state, events or their chain hashes, chain check);
 * - H794: the day's signed snapshot now holds a different root or signature for a proof.
 * A proof stored as pending its day's snapshot is not a mismatch; one the snapshot now includes is counted.
 */
export function recheckEvidence(storedEvidence: ConsentEvidence, freshEvidence?: ConsentEvidence): EvidenceRecheck {
  const stored = storedEvidence as unknown as Answer;
  const fresh = freshEvidence as unknown as Answer | undefined;
  const mismatches: EvidenceMismatch[] = [];
  const proofs = { included: 0, pendingSnapshot: 0, nowIncluded: 0 };
  stored.inclusionProofs.forEach(({ inclusion }, index) => {
    if (inclusion.status === 'included') {
      proofs.included++;
      if (!computes(stored.proof[index]?.hash, inclusion)) mismatches.push({ code: 'H792', location: ['evidence', 'inclusionProofs', index] });
    } else if (inclusion.status === 'pending-snapshot') {
      proofs.pendingSnapshot++;
    }
  });
  if (fresh) {
    if (fresh.state !== stored.state) mismatches.push({ code: 'H793', location: ['evidence', 'state'] });
    if (!fresh.chain.ok) mismatches.push({ code: 'H793', location: ['evidence', 'chain'] });
    const length = Math.max(fresh.proof.length, stored.proof.length);
    for (let index = 0; index < length; index++) {
      const [was, now] = [stored.proof[index], fresh.proof[index]];
      if (!was || !now || was.transactionId !== now.transactionId || was.hash !== now.hash || was.position !== now.position) {
        mismatches.push({ code: 'H793', location: ['evidence', 'proof', index] });
      }
    }
    stored.inclusionProofs.forEach(({ inclusion }, index) => {
      const now = fresh.inclusionProofs[index]?.inclusion;
      if (inclusion.status === 'included') {
        if (!now || now.status !== 'included' || SIGNED_FIELDS.some((field) => now[field] !== inclusion[field])) {
          mismatches.push({ code: 'H794', location: ['evidence', 'inclusionProofs', index] });
        }
      } else if (inclusion.status === 'pending-snapshot' && now?.status === 'included') {
        proofs.nowIncluded++;
      }
    });
  }
  return { verified: mismatches.length === 0, proofs, mismatches };
}
