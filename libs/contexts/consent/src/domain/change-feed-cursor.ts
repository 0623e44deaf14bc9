/**
 * The C6 cursor is a list of positions, one per shard of the change feed (docs/adr/0048). Today the
 * registry has one shard, so a cursor is `c<seq>`, exactly what clients already hold; on a
 * distributed store it becomes `c<seq>.<seq>…` and nothing else changes on the wire, because
 * clients only ever send back what they were given.
 */
export type FeedCursor = readonly bigint[];

const MAX_SHARDS = 64;
const CURSOR = new RegExp(`^c([0-9]{1,18}(?:\\.[0-9]{1,18}){0,${MAX_SHARDS - 1}})$`);

export function encodeFeedCursor(positions: FeedCursor): string {
  return `c${positions.join('.')}`;
}

/** The cursor's positions, the start of every shard when absent; undefined when it is not one this registry issued. */
export function decodeFeedCursor(cursor: string | undefined, shards: number): FeedCursor | undefined {
  if (cursor === undefined || cursor === '') return Array.from({ length: shards }, () => 0n);
  const match = CURSOR.exec(cursor);
  if (!match) return undefined;
  const positions = match[1].split('.').map(BigInt);
  return positions.length === shards ? positions : undefined;
}

/** A change as a shard's page lists it: its position in that shard, and the time the registry recorded it. */
export interface ShardedChange {
  seq: bigint;
  recordedAt: number;
}

/**
 * One page out of every shard's own page (each in its shard's order, at most `limit` long): changes
 * taken oldest first across shards (ties by shard, so the order is the same on every call), each
 * shard's order kept, and the cursor advanced, per shard, to the last change taken from it.
 */
export function mergeShardPages<T extends ShardedChange>(cursor: FeedCursor, pages: readonly (readonly T[])[], limit: number): { list: T[]; after: FeedCursor } {
  const next = pages.map(() => 0);
  const after = [...cursor];
  const list: T[] = [];
  while (list.length < limit) {
    let pick = -1;
    for (let shard = 0; shard < pages.length; shard++) {
      const head = pages[shard][next[shard]];
      if (head !== undefined && (pick < 0 || head.recordedAt < pages[pick][next[pick]].recordedAt)) pick = shard;
    }
    if (pick < 0) break;
    const change = pages[pick][next[pick]++];
    list.push(change);
    after[pick] = change.seq;
  }
  return { list, after };
}
