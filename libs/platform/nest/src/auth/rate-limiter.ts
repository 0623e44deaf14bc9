/**
 * A token bucket per key, in this process's memory. Per-second limits are checked on every request,
 * so counting them in PostgreSQL would add a write to each call; the price is that each API
 * instance counts on its own (docs/adr/0012).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly capacity: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Keys held: at most `maxKeys`, and only those used within about the last window. */
  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token for `key`; false when the key has used its allowance for the window. */
  tryTake(key: string): boolean {
    const now = this.now();
    this.dropRefilled(now);
    const refillPerMs = this.capacity / this.windowMs;
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    // Oldest-touched keys go first; a full bucket forgotten is the same as a fresh one.
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    return allowed;
  }

  /**
   * Keys untouched for a whole window are full again, the same as absent: a few of them go at each
   * call, from the least recently used end, so that a stream of one-off keys (user names typed at
   * the token endpoint, client addresses) is held for about a window, not until `maxKeys`.
   */
  private dropRefilled(now: number): void {
    let budget = REFILLED_PER_CALL;
    for (const [key, bucket] of this.buckets) {
      if (budget-- === 0 || now - bucket.updatedAt < this.windowMs) return;
      this.buckets.delete(key);
    }
  }
}

/** Refilled keys dropped per call: more than one, so that dropping outpaces new keys. */
const REFILLED_PER_CALL = 4;
