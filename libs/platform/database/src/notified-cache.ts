import pg from 'pg';

/**
 * Values read from PostgreSQL, remembered until a NOTIFY on `channel` says they changed (whoever
 * changes the rows notifies in the same transaction, so the word arrives once the change is
 * visible). A value is remembered only while the channel is heard, and only when no notification
 * came while it was being read, so a change is never masked by a read that raced it; with the
 * listener lost (connection gone) nothing is remembered until it is back. Misses are not remembered.
 */
export class NotifiedCache<V> {
  private readonly entries = new Map<string, V>();
  /** Its own connection, not a pool's: a pool's end never waits on it. */
  private listener?: pg.Client;
  private opening?: Promise<void>;
  private generation = 0;
  private closed = false;
  private waiting: Array<() => void> = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const heard = this.listener !== undefined;
    if (!heard) this.listenInBackground();
    const generation = this.generation;
    const value = await load();
    if (value !== undefined && heard && this.listener && generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }

  /** Forgets everything remembered (a notification does the same). */
  invalidate(): void {
    this.generation += 1;
    this.entries.clear();
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  /** Resolves at the next invalidation (what a test of the invalidating event waits for). */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Resolves once the channel is heard (values read from then on are remembered). */
  async heard(): Promise<boolean> {
    if (!this.listener) {
      this.listenInBackground();
      await this.opening;
    }
    return this.listener !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.opening;
    const listener = this.listener;
    this.listener = undefined;
    this.invalidate();
    await listener?.end().catch(() => undefined);
  }

  private listenInBackground(): void {
    if (this.opening || this.closed) return;
    this.opening = this.listen()
      .catch(() => undefined) // unheard: nothing is remembered, the next miss tries again
      .finally(() => (this.opening = undefined));
  }

  private async listen(): Promise<void> {
    const client = new pg.Client(this.pool.options);
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.invalidate();
    };
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.invalidate();
    });
    client.on('error', () => {
      lost();
      void client.end().catch(() => undefined);
    });
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) await client.end().catch(() => undefined);
    else this.listener = client;
  }
}
