import type { SharedWindowCounter } from '@iys/platform/nest';

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
}

/**
 * Password-grant throttling (docs/adr/0022): failures are counted per (user name, client address),
 * per client address and per user name, so an attacker's failures lock out the attacker's address,
 * never the real user calling from elsewhere. The counts are one window counter shared by every API
 * process of the machine (docs/adr/0058); no event is written per failure.
 */
export class LoginThrottle {
  constructor(
    private readonly limits: LoginThrottleLimits,
    private readonly counter: SharedWindowCounter,
  ) {}

  /** Whether a password from `address` for `username` may be checked now. */
  async allows(username: string, address: string): Promise<boolean> {
    const [perAddress, own, perUser] = await this.counter.counts([addressKey(address), clientKey(username, address), userKey(username)]);
    if (perAddress! >= this.limits.failuresPerAddress) return false;
    if (own! >= this.limits.failuresPerClient) return false;
    return own === 0 || perUser! < this.limits.failuresPerUser;
  }

  /** Counts one failed password; true when it is the user name's first failure of the window. */
  async recordFailure(username: string, address: string): Promise<boolean> {
    const [, , perUser] = await this.counter.add([clientKey(username, address), addressKey(address), userKey(username)]);
    return perUser === 1;
  }

  /** The right password clears this client's own failures for the user. */
  async recordSuccess(username: string, address: string): Promise<void> {
    await this.counter.forget(clientKey(username, address));
  }
}

// User names are at most 64 characters; a longer one is counted by its first 128 (memory bound).
// One counter holds the three kinds of key, told apart by their first character.
const userKey = (username: string) => `u${username.slice(0, 128).toLowerCase()}`;
const addressKey = (address: string) => `a${address}`;
const clientKey = (username: string, address: string) => `c${username.slice(0, 128).toLowerCase()}\u0000${address}`;
