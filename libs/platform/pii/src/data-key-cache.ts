import type { Clock } from '@iys/platform/building-blocks';

/** Marks a subject whose key is gone for good; cached so replays over erased subjects skip the database. */
export const SHREDDED: unique symbol = Symbol('shredded');
export type CachedKey = Buffer | typeof SHREDDED;

/** Expired entries dropped per insert: more than one, so that the sweep outpaces the inserts. */
const EXPIRED_PER_INSERT = 4;

interface Entry {
  key: CachedKey;
  expiresAt: number;
}

/**
 * Unwrapped data keys kept in memory, bounded by count and by age. A Map iterates in insertion order,
 * so re-inserting on read and dropping the first keys gives least-recently-used eviction. The age limit
 * bounds how long this process can still decrypt a subject that another process has shredded.
 */
export class DataKeyCache {
  private readonly entries = new Map<string, Entry>();
  private evictionCount = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Changes on every eviction, so a load that raced a shred can tell not to cache what it read. */
  get evictions(): number {
    return this.evictionCount;
  }

  get(recipientId: string): CachedKey | undefined {
    const entry = this.entries.get(recipientId);
    if (!entry) return undefined;
    this.entries.delete(recipientId);
    if (entry.key !== SHREDDED && entry.expiresAt <= this.clock.now().getTime()) return undefined;
    this.entries.set(recipientId, entry);
    return entry.key;
  }

  set(recipientId: string, key: CachedKey): void {
    const now = this.clock.now().getTime();
    this.dropExpired(now);
    this.entries.delete(recipientId);
    this.entries.set(recipientId, { key, expiresAt: now + this.ttlMs });
    if (this.entries.size <= this.maxEntries) return;
    // A tenth at a time: each `keys().next()` after deletes walks past the Map's holes, so dropping
    // keys one by one on every insert costs ~7 µs a key in bulk reads; in chunks it is amortised away.
    const target = this.maxEntries - Math.floor(this.maxEntries / 10);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= target) break;
      this.entries.delete(oldest);
    }
  }

  /**
   * Expired keys at the least recently used end go at each insert (a few at a time, so an insert
   * stays O(1)): under a steady stream of new subjects the cache holds about a TTL's worth of keys,
   * not its bound, and no unwrapped key outlives its TTL by long.
   */
  private dropExpired(now: number): void {
    let budget = EXPIRED_PER_INSERT;
    for (const [id, entry] of this.entries) {
      if (budget-- === 0) return;
      if (entry.key === SHREDDED) {
        // Remembered for good: moved to the recent end, so it does not stop the sweep.
        this.entries.delete(id);
        this.entries.set(id, entry);
        continue;
      }
      if (entry.expiresAt > now) return;
      this.entries.delete(id);
    }
  }

  evict(recipientId: string): void {
    this.entries.delete(recipientId);
    this.evictionCount++;
  }
}
