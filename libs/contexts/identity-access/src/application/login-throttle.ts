/** Counts per key within a fixed window, in memory; the least recently counted keys go first when full. */
class WindowCounter {
  private readonly counts = new Map<string, { count: number; windowEndsAt: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  count(key: string, now: number): number {
    const entry = this.counts.get(key);
    if (!entry) return 0;
    if (entry.windowEndsAt > now) return entry.count;
    this.counts.delete(key);
    return 0;
  }

  add(key: string, now: number): void {
    const count = this.count(key, now) + 1;
    const windowEndsAt = this.counts.get(key)?.windowEndsAt ?? now + this.windowMs;
    this.counts.delete(key);
    this.counts.set(key, { count, windowEndsAt });
    // Forgetting a key only forgives its failures: the memory an attacker can fill is bounded.
    if (this.counts.size > this.maxKeys) this.counts.delete(this.counts.keys().next().value as string);
  }

  forget(key: string): void {
    this.counts.delete(key);
  }
}

export interface LoginThrottleLimits {
  /** Failed passwords for one user name from one client address before that pair is refused. */
  failuresPerClient: number;
  /** Failed passwords from one client address, over every user name, before the address is refused. */
  failuresPerAddress: number;
  /**
   * Failed passwords for one user name over every address: past it, each address that has itself
   * failed for this user is refused; an address without failures is never refused by it.
   */
  failuresPerUser: number;
  windowMs: number;
  /** Keys kept per counter (memory bound). */
  maxKeys?: number;
}

/**
 * Password-grant throttling (docs/adr/0022): failures are counted per (user name, client address),
 * per client address and per user name, so an attacker's failures lock out the attacker's address,
 * never the real user calling from elsewhere. Counted in this process's memory, like the other
 * limits (docs/adr/0012); no event is written per failure.
 */
export class LoginThrottle {
  private readonly perClient: WindowCounter;
  private readonly perAddress: WindowCounter;
  private readonly perUser: WindowCounter;

  constructor(
    private readonly limits: LoginThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {
    const maxKeys = limits.maxKeys ?? 100_000;
    this.perClient = new WindowCounter(limits.windowMs, maxKeys);
    this.perAddress = new WindowCounter(limits.windowMs, maxKeys);
    this.perUser = new WindowCounter(limits.windowMs, maxKeys);
  }

  /** Whether a password from `address` for `username` may be checked now. */
  allows(username: string, address: string): boolean {
    const now = this.now();
    if (this.perAddress.count(address, now) >= this.limits.failuresPerAddress) return false;
    const own = this.perClient.count(clientKey(username, address), now);
    if (own >= this.limits.failuresPerClient) return false;
    return own === 0 || this.perUser.count(userKey(username), now) < this.limits.failuresPerUser;
  }

  /** Counts one failed password; true when it is the user name's first failure of the window. */
  recordFailure(username: string, address: string): boolean {
    const now = this.now();
    const first = this.perUser.count(userKey(username), now) === 0;
    this.perClient.add(clientKey(username, address), now);
    this.perAddress.add(address, now);
    this.perUser.add(userKey(username), now);
    return first;
  }

  /** The right password clears this client's own failures for the user. */
  recordSuccess(username: string, address: string): void {
    this.perClient.forget(clientKey(username, address));
  }
}

// User names are at most 64 characters; a longer one is counted by its first 128 (memory bound).
const userKey = (username: string) => username.slice(0, 128).toLowerCase();
const clientKey = (username: string, address: string) => `${userKey(username)}\u0000${address}`;
