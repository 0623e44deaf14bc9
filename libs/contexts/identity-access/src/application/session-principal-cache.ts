import { ClearWhenFullMap } from '@iys/platform/building-blocks';
import type { SessionPrincipal } from './accounts.port.js';

interface Entry {
  userId: string;
  principal: SessionPrincipal;
  cachedAt: number;
}

/**
 * The perimeter's session check, remembered for a moment (docs/adr/0053): the one query every
 * authenticated request made is spared for the next ones of the same session. A change recorded in
 * this process (revocation, disabled user, new password) evicts at once, through the api-access
 * projection, which also has every other API process of the machine evict before the change is
 * answered (docs/adr/0058); one recorded elsewhere (another machine, the CLI) reaches this one within
 * `ttlMs`. Time is the process's monotonic clock, never the registry's business clock (tests stop that one).
 *
 * An eviction comes before the change commits (it runs in the append's transaction), so for `ttlMs`
 * after one nothing read is remembered: a read between the eviction and the commit still sees the
 * old row and must not keep it.
 */
export class SessionPrincipalCache {
  private readonly entries: ClearWhenFullMap<string, Entry>;
  /** Moves on every eviction: a load that started before one must not store what it read. */
  private generation = 0;
  /** Loads that start before this time (an eviction's time plus ttlMs) are not stored. */
  private fencedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    readonly ttlMs: number,
    maxEntries = 50_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.entries = new ClearWhenFullMap(maxEntries);
  }

  async get(sessionId: string, userId: string, load: () => Promise<SessionPrincipal | undefined>): Promise<SessionPrincipal | undefined> {
    const cached = this.entries.get(sessionId);
    if (cached && cached.userId === userId && this.now() - cached.cachedAt < this.ttlMs) return cached.principal;
    const generation = this.generation;
    const cachedAt = this.now();
    const principal = await load();
    // Only an open session is remembered: a refusal is always read afresh.
    if (principal?.open && this.ttlMs > 0 && generation === this.generation && cachedAt >= this.fencedUntil) {
      this.entries.set(sessionId, { userId, principal, cachedAt });
    } else {
      this.entries.delete(sessionId);
    }
    return principal;
  }

  evictSession(sessionId: string): void {
    this.fence();
    this.entries.delete(sessionId);
  }

  evictUser(userId: string): void {
    this.fence();
    this.entries.deleteWhere((entry) => entry.userId === userId);
  }

  private fence(): void {
    this.generation += 1;
    this.fencedUntil = this.now() + this.ttlMs;
  }

  get size(): number {
    return this.entries.size;
  }
}
