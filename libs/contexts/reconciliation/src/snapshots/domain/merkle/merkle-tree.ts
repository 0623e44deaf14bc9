import { createHash } from 'node:crypto';

/**
 * A binary Merkle tree over 32-byte values (the events' chain hashes, in commit order), with
 * RFC 6962 style domain separation so a leaf can never pass for an inner node:
 *
 *   leaf hash  = SHA-256(0x00 ‖ value)
 *   node hash  = SHA-256(0x01 ‖ left ‖ right)
 *
 * Levels are built pairwise from the left. A level with an odd number of nodes PROMOTES its last
 * node unchanged to the next level (it is not paired with a copy of itself: duplicating it would let
 * two different leaf lists share a root, the Bitcoin CVE-2012-2459 ambiguity). A single leaf's root is
 * its leaf hash. The root of ZERO leaves (a day without movements) is SHA-256 of the empty string,
 * as in RFC 6962 §2.1, which no leaf or node hash can equal (both hash at least one prefix byte).
 *
 * Pure: no framework, no database.
 */

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export interface InclusionProofStep {
  /** Where the sibling sits relative to the running hash. */
  position: 'left' | 'right';
  hash: Buffer;
}

export interface InclusionProof {
  /** The leaf's index in the ordered list. */
  index: number;
  /** Siblings from the leaf level up; a level where the node was promoted contributes none. */
  siblings: InclusionProofStep[];
}

/** The root of zero leaves: SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

export function hashLeaf(value: Buffer): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(value).digest();
}

export function hashNode(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

function nextLevel(level: Buffer[]): Buffer[] {
  const next: Buffer[] = [];
  for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? hashNode(level[i], level[i + 1]) : level[i]);
  return next;
}

/** The Merkle root of `leaves` (the raw values, hashed here as leaves), in the given order. */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return Buffer.from(EMPTY_ROOT);
  let level = leaves.map(hashLeaf);
  while (level.length > 1) level = nextLevel(level);
  return level[0];
}

/** The siblings needed to rebuild the root from the leaf at `index`. */
export function inclusionProof(leaves: readonly Buffer[], index: number): InclusionProof {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) {
    throw new RangeError(`leaf index ${index} is outside 0..${leaves.length - 1}`);
  }
  const siblings: InclusionProofStep[] = [];
  let level = leaves.map(hashLeaf);
  let at = index;
  while (level.length > 1) {
    if (at % 2 === 1) siblings.push({ position: 'left', hash: level[at - 1] });
    else if (at + 1 < level.length) siblings.push({ position: 'right', hash: level[at + 1] });
    // else: the last node of an odd level, promoted without a sibling.
    level = nextLevel(level);
    at = Math.floor(at / 2);
  }
  return { index, siblings };
}

/**
 * Whether `leaf` (the raw value, e.g. an event's chain hash; hashed here as a leaf) is in the tree
 * with root `root`, by the path `proof` describes.
 */
export function verifyInclusion(leaf: Buffer, proof: InclusionProof, root: Buffer): boolean {
  let running = hashLeaf(leaf);
  for (const step of proof.siblings) {
    running = step.position === 'left' ? hashNode(step.hash, running) : hashNode(running, step.hash);
  }
  return running.length === root.length && running.equals(root);
}

/** A perfect subtree on the accumulator's stack, with the tracked leaves it holds. */
interface Subtree {
  height: number;
  hash: Buffer;
  /** Indices of tracked leaves under this subtree (absent: none). */
  tracked?: number[];
}

/**
 * Builds the same root as {@link merkleRoot} from leaves fed one at a time, keeping only one hash per
 * level (O(log n) memory), so a day of millions of events need not be held in memory. Perfect
 * subtrees are merged as they complete; at the end the leftover subtrees (of strictly decreasing
 * height, left to right) are joined from the right, which is exactly where level-wise pairing with
 * promotion of the odd node joins them.
 *
 * A leaf added with `track: true` also gets its inclusion proof ({@link proofs}): every merge above
 * it records the other side as its sibling, so proving a few leaves of a huge list costs no more
 * memory than the root does. The proof is the one {@link inclusionProof} gives over the whole list.
 */
export class MerkleAccumulator {
  /** stack[i] = a perfect subtree; heights strictly decrease from bottom to top. */
  private readonly stack: Subtree[] = [];
  /** Siblings of each tracked leaf from the merges of perfect subtrees done so far. */
  private readonly siblings = new Map<number, InclusionProofStep[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds the next leaf (its index is the number added before it); `track` asks for its proof. */
  add(value: Buffer, { track = false }: { track?: boolean } = {}): void {
    let entry: Subtree = { height: 0, hash: hashLeaf(value) };
    if (track) {
      entry.tracked = [this.count];
      this.siblings.set(this.count, []);
    }
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].height === entry.height) {
      entry = join(this.stack.pop()!, entry, this.siblings);
    }
    this.stack.push(entry);
    this.count += 1;
  }

  root(): Buffer {
    return this.fold();
  }

  /** The inclusion proof of every tracked leaf, by leaf index, against {@link root} of the leaves so far. */
  proofs(): Map<number, InclusionProof> {
    const steps = new Map([...this.siblings].map(([index, siblings]) => [index, [...siblings]]));
    this.fold(steps);
    return new Map([...steps].map(([index, siblings]) => [index, { index, siblings }]));
  }

  /** The leftover subtrees joined from the right (the stack is left as is: more leaves may follow). */
  private fold(record?: Map<number, InclusionProofStep[]>): Buffer {
    if (this.stack.length === 0) return Buffer.from(EMPTY_ROOT);
    let acc = this.stack[this.stack.length - 1];
    for (let i = this.stack.length - 2; i >= 0; i -= 1) acc = join(this.stack[i], acc, record);
    return acc.hash;
  }
}

/**
 * hashNode(left, right), one level up from `right`. With `record`, each tracked leaf under one side
 * gets the other side's hash as its next sibling.
 */
function join(left: Subtree, right: Subtree, record?: Map<number, InclusionProofStep[]>): Subtree {
  const joined: Subtree = { height: right.height + 1, hash: hashNode(left.hash, right.hash) };
  if (!record || (!left.tracked && !right.tracked)) return joined;
  for (const index of left.tracked ?? []) record.get(index)!.push({ position: 'right', hash: right.hash });
  for (const index of right.tracked ?? []) record.get(index)!.push({ position: 'left', hash: left.hash });
  joined.tracked = [...(left.tracked ?? []), ...(right.tracked ?? [])];
  return joined;
}
