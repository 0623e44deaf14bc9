import type pg from 'pg';
import { isDatabaseUnavailable } from './database-availability.js';

export interface NotifiedWorkLoopOptions {
  /**
   * NOTIFY channel whose messages wake the loop. Without one the loop holds no connection and is
   * woken only by `wake()` (another loop's notification, docs/adr/0062) and its poll.
   */
  channel?: string;
  /** Fallback poll: work is also attempted this often (a missed notification, a retry that came due). */
  pollMs: number;
  /**
   * One pass over the pending work. Returning true means "there is more that is not ready yet"
   * (e.g. events above the xmin horizon): the loop looks again soon, backing off up to `pollMs`.
   */
  work: () => Promise<boolean | void>;
  /** Failures of a pass; the loop carries on. Log names and codes only: messages can quote values. */
  onError: (error: unknown) => void;
  /**
   * The database became unreachable (stopped, restarting, connection cut): called once per outage,
   * not per retry. The loop pauses and tries again with growing delays; no onError meanwhile.
   */
  onUnavailable?: (error: unknown) => void;
  /** The first pass that worked after an outage. */
  onRecovered?: () => void;
}

const MIN_RETRY_MS = 20;
const UNAVAILABLE_FIRST_RETRY_MS = 250;
const UNAVAILABLE_MAX_RETRY_MS = 30_000;

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
  /** Set while the database is unreachable: the next look is the back-off timer's, nothing earlier. */
  private unavailableRetryMs?: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: NotifiedWorkLoopOptions,
  ) {}

  async start(): Promise<void> {
    if (this.options.channel !== undefined) await this.listen();
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  wake(): void {
    if (this.stopped || this.unavailableRetryMs !== undefined) return;
    this.pass();
  }

  private pass(): void {
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = (async () => {
      // A listener lost with its connection is opened again before the work: notifications resume.
      if (!this.listener && this.options.channel !== undefined) await this.listen();
      return this.options.work();
    })()
      .then(
        (behind) => {
          if (this.unavailableRetryMs !== undefined) {
            this.unavailableRetryMs = undefined;
            this.options.onRecovered?.();
          }
          return behind;
        },
        (error: unknown) => {
          if (isDatabaseUnavailable(error) && !this.stopped) {
            if (this.unavailableRetryMs === undefined) this.options.onUnavailable?.(error);
            this.unavailableRetryMs = Math.min((this.unavailableRetryMs ?? UNAVAILABLE_FIRST_RETRY_MS / 2) * 2, UNAVAILABLE_MAX_RETRY_MS);
            return 'unavailable' as const;
          }
          this.options.onError(error);
          return true; // a failed pass is retried with back-off, not at full speed
        },
      )
      .then((behind) => {
        this.running = undefined;
        if (this.stopped) return;
        if (behind === 'unavailable') {
          this.pending = false;
          this.retryAfterOutage(this.unavailableRetryMs!);
        } else if (this.pending) {
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
    await this.idle();
    const listener = this.listener;
    this.listener = undefined;
    if (listener) {
      await listener.query(`UNLISTEN ${this.options.channel}`).catch(() => undefined);
      listener.release();
    }
  }

  private async listen(): Promise<void> {
    const client = await this.pool.connect();
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      // The connection is gone (server stopped, network cut): drop it; the next pass listens again.
      if (this.listener !== client) return;
      this.listener = undefined;
      client.release(error);
    });
    try {
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    if (this.stopped) client.release();
    else this.listener = client;
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

  private retryAfterOutage(delayMs: number): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopped) this.pass();
    }, delayMs);
    this.retryTimer.unref();
  }
}
