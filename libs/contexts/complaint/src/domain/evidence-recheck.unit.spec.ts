import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { ConsentEvidence } from './complaint.events.js';
import { recheckEvidence } from './evidence-recheck.js';

const sha = (...parts: Buffer[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();
const leaf = (hex: string) => sha(Buffer.from([0]), Buffer.from(hex, 'hex'));
const node = (left: Buffer, right: Buffer) => sha(Buffer.from([1]), left, right);
const hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** Two consent events of one brand on a day, the brand beside another one in the registry root. */
const [e1, e2, otherBrand] = [hex('ONAY'), hex('RET'), hex('other brand')];
const brandRoot = node(leaf(e1), leaf(e2)).toString('hex');
const registryRoot = node(leaf(brandRoot), leaf(otherBrand)).toString('hex');
const day = '2026-03-02';
const signed = { brandRoot, registryRoot, signedMessage: `iys-daily-snapshot/v1\n${day}\n${registryRoot}`, signature: 'c2lnbmF0dXJl', publicKeyId: 'key-1' };
const brandPath = [{ position: 'right', hash: leaf(otherBrand).toString('hex') }];

function evidence(patch: { state?: string; hashes?: [string, string]; second?: Record<string, unknown> } = {}): ConsentEvidence {
  const [h1, h2] = patch.hashes ?? [e1, e2];
  return {
    at: '2026-03-09 14:00:00',
    state: (patch.state ?? 'RET') as 'RET',
    proof: [
      { position: 1, transactionId: 't-1', hash: h1 },
      { position: 2, transactionId: 't-2', hash: h2 },
    ],
    chain: { ok: true, eventsChecked: 2 },
    inclusionProofs: [
      { transactionId: 't-1', inclusion: { status: 'included', day, auditPath: [{ position: 'right', hash: leaf(e2).toString('hex') }], brandPath, ...signed } },
      { transactionId: 't-2', inclusion: patch.second ?? { status: 'included', day, auditPath: [{ position: 'left', hash: leaf(e1).toString('hex') }], brandPath, ...signed } },
    ],
  };
}

describe('re-checking stored consent evidence', () => {
  it('verifies evidence whose proofs compute and that the registry still answers alike', () => {
    expect(recheckEvidence(evidence(), evidence())).toEqual({ verified: true, proofs: { included: 2, pendingSnapshot: 0, nowIncluded: 0 }, mismatches: [] });
  });

  it('finds a stored proof that no longer reaches its signed root (H792), with or without the record', () => {
    const tampered = evidence();
    (tampered.inclusionProofs as { inclusion: { auditPath: { hash: string }[] } }[])[1].inclusion.auditPath[0].hash = hex('forged');
    expect(recheckEvidence(tampered).mismatches).toEqual([{ code: 'H792', location: ['evidence', 'inclusionProofs', 1] }]);
    expect(recheckEvidence(tampered, evidence()).mismatches).toEqual([{ code: 'H792', location: ['evidence', 'inclusionProofs', 1] }]);
    const forgedText = evidence({ second: { status: 'included', day, auditPath: [{ position: 'left', hash: leaf(e1).toString('hex') }], brandPath, ...signed, signedMessage: 'x' } });
    expect(recheckEvidence(forgedText).verified).toBe(false);
  });

  it('finds a record that now answers differently (H793): state, an event hash, a missing event, a broken chain', () => {
    expect(recheckEvidence(evidence(), evidence({ state: 'ONAY' })).mismatches).toContainEqual({ code: 'H793', location: ['evidence', 'state'] });
    expect(recheckEvidence(evidence(), evidence({ hashes: [e1, hex('rewritten')] })).mismatches).toContainEqual({ code: 'H793', location: ['evidence', 'proof', 1] });
    const shorter = evidence();
    (shorter as unknown as { proof: unknown[] }).proof.pop();
    expect(recheckEvidence(evidence(), shorter).mismatches).toContainEqual({ code: 'H793', location: ['evidence', 'proof', 1] });
    const broken = { ...evidence(), chain: { ok: false, eventsChecked: 2 } };
    expect(recheckEvidence(evidence(), broken).mismatches).toEqual([{ code: 'H793', location: ['evidence', 'chain'] }]);
  });

  it('finds a signed snapshot that now holds another root or signature for a proof (H794)', () => {
    const resigned = evidence({ second: { status: 'included', day, auditPath: [{ position: 'left', hash: leaf(e1).toString('hex') }], brandPath, ...signed, signature: 'b3RoZXI=' } });
    expect(recheckEvidence(evidence(), resigned).mismatches).toEqual([{ code: 'H794', location: ['evidence', 'inclusionProofs', 1] }]);
    const gone = evidence({ second: { status: 'unverifiable', day, reason: 'brand-root-mismatch' } });
    expect(recheckEvidence(evidence(), gone).mismatches).toEqual([{ code: 'H794', location: ['evidence', 'inclusionProofs', 1] }]);
  });

  it('counts a proof stored as pending its snapshot that the snapshot now includes; pending is no mismatch', () => {
    const pending = evidence({ second: { status: 'pending-snapshot', day } });
    expect(recheckEvidence(pending, evidence())).toEqual({ verified: true, proofs: { included: 1, pendingSnapshot: 1, nowIncluded: 1 }, mismatches: [] });
    expect(recheckEvidence(pending, pending)).toEqual({ verified: true, proofs: { included: 1, pendingSnapshot: 1, nowIncluded: 0 }, mismatches: [] });
  });
});
