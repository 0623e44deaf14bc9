import { comparePositions, type LogPosition } from '../event-store.types.js';
import type { ProjectionDefinition } from './projection.types.js';
import type { ProjectionRunner } from './projection-runner.js';

/** The two columns a reader's statement adds through `ReadModelWatermark.columns`. */
export interface WatermarkColumns {
  /** A relevant event is in the log after the watermark: the read models may not show it yet. */
  stale: boolean;
  /** The statement snapshot's xmin: every transaction below it had ended when the statement ran. */
  horizon: string;
}

/**
 * Read-your-writes over async read models at the cost of two columns in the reader's own statement
 * (docs/adr/0060), for a hot read that cannot afford the caught-up probe's extra round trip per
 * call. The watermark is a log position W such that every event of the followed types at or before
 * W is already in the read models (and in anything the reader derived from them: an in-memory copy).
 * The reader's statement also answers whether such an event was committed after W (`stale`: a short
 * index range scan of the log, from W to the head) and its snapshot's xmin (`horizon`).
 *
 *   - not stale: the statement's answer is current; W moves to the horizon (nothing relevant was
 *     committed below it after W, and nothing can be any more);
 *   - stale: the followed projections are driven to the log's head (`waitUntilCaughtUp`), whoever
 *     derived something from them forgets it (`onChange`), W moves to the horizon and the reader runs
 *     its statement again.
 *
 * So a command that changed a followed read model and returned is seen by the very next read, and in
 * the common case (nothing relevant happened) that read is one statement. Inline projections are
 * always current and are not followed.
 */
export class ReadModelWatermark {
  private position: LogPosition | undefined;
  private readonly eventTypes: string[];
  private readonly followed: ProjectionDefinition[];
  private readonly listeners: (() => void)[] = [];
  private changes = 0;

  constructor(
    private readonly runner: Pick<ProjectionRunner, 'checkpoints' | 'waitUntilCaughtUp'>,
    definitions: readonly ProjectionDefinition[],
    private readonly options: { timeoutMs?: number } = {},
  ) {
    this.followed = definitions.filter((d) => !d.inline);
    this.eventTypes = [...new Set(this.followed.flatMap((d) => d.eventTypes ?? []))];
    if (this.followed.some((d) => !d.eventTypes?.length)) throw new Error('a followed projection must name its event types');
  }

  /**
   * The two columns, to be selected once in the reader's statement; `$n`, `$n+1`, `$n+2` are
   * `params()` in that order.
   */
  static columns(n: number): string {
    return `EXISTS (SELECT 1 FROM event_store.events e
                     WHERE (e.transaction_id, e.global_position) > ($${n}::text::xid8, $${n + 1}::bigint) AND e.event_type = ANY($${n + 2}::text[])) AS stale,
            pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`;
  }

  /** How many times the read models changed under the reader (a copy loaded before a change is dropped). */
  get generation(): number {
    return this.changes;
  }

  /** The statement's parameters for `columns`. The first call starts from the lowest checkpoint. */
  async params(): Promise<[string, string, string[]]> {
    if (this.position === undefined) {
      let lowest: LogPosition = { transactionId: 2n ** 63n, globalPosition: 0n };
      for (const definition of this.followed) {
        const checkpoints = await this.runner.checkpoints(definition);
        // Not registered yet: from the log's start.
        if (checkpoints.length === 0) lowest = { transactionId: 0n, globalPosition: 0n };
        for (const checkpoint of checkpoints) if (comparePositions(checkpoint, lowest) < 0) lowest = checkpoint;
      }
      if (this.position === undefined) this.position = this.followed.length > 0 ? lowest : { transactionId: 0n, globalPosition: 0n };
    }
    return [this.position.transactionId.toString(), this.position.globalPosition.toString(), this.eventTypes];
  }

  /** Called (synchronously) whenever the followed read models changed: forget what was derived from them. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * After the reader's statement: true when its answer can be used. False once the followed
   * projections have been brought up to date: the reader runs its statement again.
   */
  async settle({ stale, horizon }: WatermarkColumns): Promise<boolean> {
    if (stale) {
      for (const definition of this.followed) {
        // Driving registers a projection no daemon registered yet (a start-up window): it is caught up from the log's start.
        await this.runner.waitUntilCaughtUp(definition, { drive: true, timeoutMs: this.options.timeoutMs ?? 5_000 });
      }
      this.changes += 1;
      for (const listener of this.listeners) listener();
    }
    this.advance({ transactionId: BigInt(horizon), globalPosition: 0n });
    return !stale;
  }

  private advance(to: LogPosition): void {
    if (this.position === undefined || comparePositions(to, this.position) > 0) this.position = to;
  }
}
