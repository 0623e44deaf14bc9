import { describe, expect, it } from '@jest/globals';
import { decodeFeedCursor, encodeFeedCursor, mergeShardPages, type ShardedChange } from './change-feed-cursor.js';

describe('the C6 cursor, a list of one position per shard', () => {
  it('is the cursor clients already hold while the registry has one shard', () => {
    expect(encodeFeedCursor([42n])).toBe('c42');
    expect(decodeFeedCursor('c42', 1)).toEqual([42n]);
    expect(decodeFeedCursor(undefined, 1)).toEqual([0n]);
    expect(decodeFeedCursor('', 1)).toEqual([0n]);
  });

  it('carries one position per shard once there are several, and round-trips', () => {
    expect(encodeFeedCursor([7n, 0n, 123456789012345678n])).toBe('c7.0.123456789012345678');
    expect(decodeFeedCursor('c7.0.123456789012345678', 3)).toEqual([7n, 0n, 123456789012345678n]);
    expect(decodeFeedCursor(undefined, 3)).toEqual([0n, 0n, 0n]);
  });

  it('refuses a cursor it did not issue: another shape, or another number of shards', () => {
    for (const forged of ['zzz', '42', 'c', 'c-1', 'c1.', 'c.1', 'c1..2', 'c1234567890123456789', `c${Array(65).fill(1).join('.')}`]) {
      expect(decodeFeedCursor(forged, 1)).toBeUndefined();
    }
    expect(decodeFeedCursor('c1.2', 1)).toBeUndefined();
    expect(decodeFeedCursor('c1', 2)).toBeUndefined();
  });
});

describe('merging the shards’ pages into one', () => {
  const change = (seq: number, recordedAt: number, label: string) => ({ seq: BigInt(seq), recordedAt, label });
  const labels = (list: (ShardedChange & { label: string })[]) => list.map((c) => c.label);

  it('with one shard, is that shard’s page and cursor, in its own order', () => {
    const page = [change(5, 30, 'a'), change(6, 10, 'b'), change(9, 20, 'c')];
    expect(mergeShardPages([4n], [page], 10)).toEqual({ list: page, after: [9n] });
    expect(mergeShardPages([4n], [page], 2)).toEqual({ list: page.slice(0, 2), after: [6n] });
    expect(mergeShardPages([4n], [[]], 10)).toEqual({ list: [], after: [4n] });
  });

  it('takes the oldest head first, ties to the lower shard, keeps each shard’s order, and advances only the shards it took from', () => {
    const pages = [
      [change(11, 100, 's0-a'), change(12, 300, 's0-b')],
      [change(3, 100, 's1-a'), change(4, 200, 's1-b'), change(5, 400, 's1-c')],
      [change(70, 500, 's2-a')],
    ];
    const first = mergeShardPages([10n, 2n, 69n], pages, 4);
    expect(labels(first.list)).toEqual(['s0-a', 's1-a', 's1-b', 's0-b']);
    expect(first.after).toEqual([12n, 4n, 69n]);
    // The next call starts every shard after what was taken: nothing skipped, nothing twice.
    const rest = mergeShardPages(first.after, [[], [change(5, 400, 's1-c')], [change(70, 500, 's2-a')]], 4);
    expect(labels(rest.list)).toEqual(['s1-c', 's2-a']);
    expect(rest.after).toEqual([12n, 5n, 70n]);
  });
});
