/**
 * Counts per key within a fixed window that starts at the key's first count; the least recently
 * counted keys go first when `maxKeys` is reached (forgetting a key only forgives its counts, so the
 * memory an attacker can fill is bounded). The login throttle's counters (docs/adr/0022), held by
 * the process group (docs/adr/0058).
 */
export class WindowCounter {
  private readonly entries = new Map<string, { count: number; windowEndsAt: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  counts(keys: string[]): number[] {
    const now = this.now();
    return keys.map((key) => this.count(key, now));
  }

  /** Counts one more for each key; the counts after it. */
  add(keys: string[]): number[] {
    const now = this.now();
    return keys.map((key) => {
      const count = this.count(key, now) + 1;
      const windowEndsAt = this.entries.get(key)?.windowEndsAt ?? now + this.windowMs;
      this.entries.delete(key);
      this.entries.set(key, { count, windowEndsAt });
      if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value as string);
      return count;
    });
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  private count(key: string, now: number): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    if (entry.windowEndsAt > now) return entry.count;
    this.entries.delete(key);
    return 0;
  }
}
