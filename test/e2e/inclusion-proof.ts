import { createHash, verify, type KeyObject } from 'node:crypto';

/** The as-of answer's shape, as an auditor reads it (no registry types: the check stands alone). */
export interface Step {
  position: 'left' | 'right';
  hash: string;
}
export interface Included {
  status: 'included';
  day: string;
  leafIndex: number;
  leafCount: number;
  auditPath: Step[];
  iysCode: number;
  brandCode: number;
  brandRoot: string;
  brandIndex: number;
  brandCount: number;
  brandPath: Step[];
  registryRoot: string;
  signedMessage: string;
  signature: string;
  publicKeyId: string;
}
export type Inclusion = Included | { status: 'pending-snapshot'; day: string } | { status: 'unverifiable'; day: string; reason: string };
export interface AsOf {
  state: string;
  proof: { transactionId: string; hash: string; creationDate: string }[];
  inclusionProofs: { transactionId: string; inclusion: Inclusion }[];
}

/**
 * An auditor's own check of one inclusion proof, from the format alone (RFC 6962 hashing: leaf
 * SHA-256(0x00 ‖ value), node SHA-256(0x01 ‖ left ‖ right)), with no registry code: event hash → brand
 * root → registry root → the signed text → the Ed25519 signature under the published key.
 */
export function verifyProof(eventHash: string, proof: Included, key: { publicKey: KeyObject; publicKeyId: string }): boolean {
  const sha = (...parts: Buffer[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();
  const fold = (value: Buffer, path: Step[]) =>
    path.reduce((running, step) => {
      const sibling = Buffer.from(step.hash, 'hex');
      return step.position === 'left' ? sha(Buffer.from([1]), sibling, running) : sha(Buffer.from([1]), running, sibling);
    }, sha(Buffer.from([0]), value));
  return (
    fold(Buffer.from(eventHash, 'hex'), proof.auditPath).toString('hex') === proof.brandRoot &&
    fold(Buffer.from(proof.brandRoot, 'hex'), proof.brandPath).toString('hex') === proof.registryRoot &&
    proof.signedMessage === `iys-daily-snapshot/v1\n${proof.day}\n${proof.registryRoot}` &&
    proof.publicKeyId === key.publicKeyId &&
    verify(null, Buffer.from(proof.signedMessage, 'utf8'), key.publicKey, Buffer.from(proof.signature, 'base64'))
  );
}

