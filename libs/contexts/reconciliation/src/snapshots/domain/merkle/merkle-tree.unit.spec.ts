import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EMPTY_ROOT, hashLeaf, hashNode, inclusionProof, MerkleAccumulator, merkleRoot, verifyInclusion } from './merkle-tree.js';

const sha = (...parts: Buffer[]) => parts.reduce((hash, part) => hash.update(part), createHash('sha256')).digest();
const leaf = (n: number) => sha(Buffer.from(`event-${n}`));
const hash32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes));

function flipBit(buffer: Buffer, bit: number): Buffer {
  const copy = Buffer.from(buffer);
  copy[Math.floor(bit / 8) % copy.length] ^= 1 << bit % 8;
  return copy;
}

describe('Merkle tree over event hashes (RFC 6962 domain separation, odd node promoted)', () => {
  it('has SHA-256 of the empty string as the root of zero leaves', () => {
    expect(merkleRoot([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(EMPTY_ROOT.equals(merkleRoot([]))).toBe(true);
  });

  it('hashes a leaf with 0x00 and a node with 0x01', () => {
    const [a, b, c] = [leaf(1), leaf(2), leaf(3)];
    expect(merkleRoot([a])).toEqual(sha(Buffer.from([0]), a));
    expect(merkleRoot([a, b])).toEqual(sha(Buffer.from([1]), hashLeaf(a), hashLeaf(b)));
    // Three leaves: the third is promoted, not paired with a copy of itself.
    expect(merkleRoot([a, b, c])).toEqual(hashNode(hashNode(hashLeaf(a), hashLeaf(b)), hashLeaf(c)));
    expect(merkleRoot([a, b, c]).equals(merkleRoot([a, b, c, c]))).toBe(false);
  });

  it('depends on the order of the leaves', () => {
    expect(merkleRoot([leaf(1), leaf(2)]).equals(merkleRoot([leaf(2), leaf(1)]))).toBe(false);
  });

  it('refuses a proof for an index outside the leaves', () => {
    expect(() => inclusionProof([leaf(1)], 1)).toThrow(RangeError);
    expect(() => inclusionProof([], 0)).toThrow(RangeError);
  });

  it('proves every leaf of any tree against its root', () => {
    fc.assert(
      fc.property(fc.array(hash32, { minLength: 1, maxLength: 70 }), (leaves) => {
        const root = merkleRoot(leaves);
        leaves.forEach((value, index) => {
          const proof = inclusionProof(leaves, index);
          expect(proof.index).toBe(index);
          expect(verifyInclusion(value, proof, root)).toBe(true);
        });
      }),
    );
  });

  it('fails a proof when one bit of the leaf, a sibling or the root is flipped', () => {
    fc.assert(
      fc.property(
        fc.array(hash32, { minLength: 2, maxLength: 40 }).chain((leaves) =>
          fc.tuple(fc.constant(leaves), fc.nat({ max: leaves.length - 1 }), fc.nat({ max: 255 }), fc.nat()),
        ),
        ([leaves, index, bit, which]) => {
          const root = merkleRoot(leaves);
          const proof = inclusionProof(leaves, index);
          expect(verifyInclusion(flipBit(leaves[index], bit), proof, root)).toBe(false);
          expect(verifyInclusion(leaves[index], proof, flipBit(root, bit))).toBe(false);
          const step = which % proof.siblings.length;
          const tampered = {
            ...proof,
            siblings: proof.siblings.map((s, i) => (i === step ? { ...s, hash: flipBit(s.hash, bit) } : s)),
          };
          expect(verifyInclusion(leaves[index], tampered, root)).toBe(false);
          // A changed leaf in the list changes the root.
          const changed = leaves.map((value, i) => (i === index ? flipBit(value, bit) : value));
          expect(merkleRoot(changed).equals(root)).toBe(false);
        },
      ),
    );
  });

  it('builds the same root one leaf at a time (MerkleAccumulator) as from the whole list', () => {
    fc.assert(
      fc.property(fc.array(hash32, { maxLength: 140 }), (leaves) => {
        const acc = new MerkleAccumulator();
        for (const value of leaves) acc.add(value);
        expect(acc.size).toBe(leaves.length);
        expect(acc.root().equals(merkleRoot(leaves))).toBe(true);
      }),
    );
  });

  it('gives a tracked leaf, one leaf at a time, exactly the proof built from the whole list', () => {
    fc.assert(
      fc.property(
        fc.array(hash32, { minLength: 1, maxLength: 140 }).chain((leaves) =>
          fc.tuple(fc.constant(leaves), fc.uniqueArray(fc.nat({ max: leaves.length - 1 }), { minLength: 1, maxLength: 5 })),
        ),
        ([leaves, indices]) => {
          const tracked = new Set(indices);
          const acc = new MerkleAccumulator();
          leaves.forEach((value, index) => acc.add(value, { track: tracked.has(index) }));
          const proofs = acc.proofs();
          expect([...proofs.keys()].sort((a, b) => a - b)).toEqual([...tracked].sort((a, b) => a - b));
          for (const index of tracked) {
            expect(proofs.get(index)).toEqual(inclusionProof(leaves, index));
            expect(verifyInclusion(leaves[index], proofs.get(index)!, acc.root())).toBe(true);
          }
        },
      ),
    );
  });

  it('can give proofs part-way and keep accumulating', () => {
    const leaves = Array.from({ length: 23 }, (_, n) => leaf(n));
    const acc = new MerkleAccumulator();
    leaves.slice(0, 11).forEach((value, index) => acc.add(value, { track: index === 6 }));
    expect(acc.proofs().get(6)).toEqual(inclusionProof(leaves.slice(0, 11), 6));
    leaves.slice(11).forEach((value) => acc.add(value));
    expect(acc.proofs().get(6)).toEqual(inclusionProof(leaves, 6));
    expect(acc.root().equals(merkleRoot(leaves))).toBe(true);
  });
});
