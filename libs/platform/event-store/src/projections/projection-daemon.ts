import type pg from 'pg';
import { EVENTS_CHANNEL } from '../postgres-event-store.js';
import type { ProjectionRunner } from './projection-runner.js';
import { projectionKey, type ProjectionDefinition } from './projection.types.js';

const MIN_RETRY_MS = 20;

export interface DaemonLogger {
  error(details: Record<string, unknown>, message: string): void;
}

/**
 * Keeps async projections caught up: woken by NOTIFY on every commit, with a poll as fallback
 * (a missed notification, or events that only became visible when an older transaction ended).
 * Inline projections are only run here while they rebuild (blue/green catch-up).
 */
export class ProjectionDaemon {
  private listener?: pg.PoolClient;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private pending = false;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private retryMs = MIN_RETRY_MS;

  constructor(
    private readonly pool: pg.Pool,
    private readonly runner: ProjectionRunner,
    private readonly definitions: ProjectionDefinition[],
    private readonly options: { pollMs?: number; logger?: DaemonLogger } = {},
  ) {}

  async start(): Promise<void> {
    for (const definition of this.definitions) await this.runner.register(definition);
    this.listener = await this.pool.connect();
    this.listener.on('notification', () => this.wake());
    this.listener.on('error', (error) => this.options.logger?.error({ err: error.message }, 'projection listener lost its connection'));
    await this.listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.wake();
  }

  /** Runs every projection until caught up; calls arriving meanwhile coalesce into one more pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = this.drain().then((behind) => {
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

  /**
   * Committed events that are not yet below the xmin horizon send no further notification when the
   * horizon moves, so the daemon looks again soon, backing off up to the poll interval.
   */
  private retrySoon(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.wake();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.options.pollMs ?? 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.running;
    if (this.listener) {
      await this.listener.query(`UNLISTEN ${EVENTS_CHANNEL}`).catch(() => undefined);
      this.listener.release();
      this.listener = undefined;
    }
  }

  /** Runs every projection as far as it can; true when some are still behind the log's head. */
  private async drain(): Promise<boolean> {
    let behind = false;
    for (const definition of this.definitions) {
      if (this.stopped) return false;
      try {
        if (definition.inline) {
          const { status } = await this.runner.state(definition);
          if (status !== 'rebuilding') continue;
        }
        await this.runner.runUntilCaughtUp(definition);
        const caughtUp = await this.runner.isCaughtUp(definition);
        if (!caughtUp) behind = true;
        // A first inline version that back-filled the past takes over; a blue/green successor waits
        // for an explicit promote.
        else if (definition.inline && (await this.runner.activeVersion(definition.name)) === undefined) await this.runner.promote(definition);
      } catch (error) {
        behind = true;
        // Name and code only: messages of failed statements can quote values, and values can be personal data.
        const { name, code } = error as { name?: string; code?: string };
        this.options.logger?.error(
          { projection: projectionKey(definition), err: { name, code } },
          'projection batch failed; it will be retried',
        );
      }
    }
    return behind;
  }
}
