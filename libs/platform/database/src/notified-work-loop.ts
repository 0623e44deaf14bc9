import type pg from 'pg';

export interface NotifiedWorkLoopOptions {
  /** NOTIFY channel whose messages wake the loop. */
  channel: string;
  /** Fallback poll: work is also attempted this often (a missed notification, a retry that came due). */
  pollMs: number;
  /**
   * One pass over the pending work. Returning true means "there is more that is not ready yet"
   * (e.g. events above the xmin horizon): the loop looks again soon, backing off up to `pollMs`.
   */
  work: () => Promise<boolean | void>;
  /** Failures of a pass; the loop carries on. Log names and codes only: messages can quote values. */
  onError: (error: unknown) => void;
}

const MIN_RETRY_MS = 20;

/**
 * The background-work pattern shared by projections, the batch worker and the outbox: woken by
 * LISTEN/NOTIFY, polled as a fallback, one pass at a time (wake-ups during a pass coalesce into one
 * more pass), stopped gracefully after the pass in flight.
 */
export class NotifiedWorkLoop {
  private listener?: pg.PoolClient;
  private timer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private retryMs = MIN_RETRY_MS;
  private running?: Promise<void>;
  private pending = false;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: NotifiedWorkLoopOptions,
  ) {}

  async start(): Promise<void> {
    this.listener = await this.pool.connect();
    this.listener.on('notification', () => this.wake());
    this.listener.on('error', (error) => this.options.onError(error));
    await this.listener.query(`LISTEN ${this.options.channel}`);
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = this.options
      .work()
      .catch((error: unknown) => {
        this.options.onError(error);
        return true; // a failed pass is retried with back-off, not at full speed
      })
      .then((behind) => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.pending) {
          this.pending = false;
          this.wake();
        } else if (behind) {
          this.retrySoon();
        } else {
          this.retryMs = MIN_RETRY_MS;
        }
      });
  }

  /** Resolves when the pass in flight, if any, has finished. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.running;
    if (this.listener) {
      await this.listener.query(`UNLISTEN ${this.options.channel}`).catch(() => undefined);
      this.listener.release();
      this.listener = undefined;
    }
  }

  private retrySoon(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.options.pollMs);
  }
}
