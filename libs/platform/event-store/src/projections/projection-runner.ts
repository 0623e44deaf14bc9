import type pg from 'pg';
import { inTransaction, type SqlExecutor } from '@iys/platform/database';
import { comparePositions, type LogPosition } from '../event-store.types.js';
import type { PostgresEventStore } from '../postgres-event-store.js';
import { projectionKey, relevantEvents, type ProjectionDefinition } from './projection.types.js';

export type ProjectionStatus = 'active' | 'rebuilding' | 'retired';

export interface ProjectionState {
  /** This runner's node's entry of the checkpoint vector. */
  checkpoint: LogPosition;
  status: ProjectionStatus;
}

export interface ProjectionLag {
  /** Committed events after the checkpoint (capped at `cap`). */
  events: number;
  caughtUp: boolean;
}

export interface RunResult {
  processed: number;
  /** False when another instance holds this projection's lock. */
  ran: boolean;
}

/**
 * Runs async projections: one batch per transaction, read in commit order below the xmin horizon,
 * applied, and the checkpoint moved in the same transaction (exactly-once effects). An advisory
 * lock makes one instance at a time run each projection version.
 *
 * A checkpoint is a vector with one log position per node of the store (ADR 0048): a runner reads
 * one node's log and moves that node's entry. The store has one node today, node 0.
 */
export class ProjectionRunner {
  private readonly node: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: PostgresEventStore,
    private readonly options: { batchSize?: number; instanceId?: string; node?: number } = {},
  ) {
    this.node = options.node ?? 0;
  }

  /**
   * Creates the checkpoint row. A later version of a name starts `rebuilding` beside the active one.
   * A first version starts `active`, except an inline one on a log that already has events: inline
   * writes only see new events, so it rebuilds the past first and is promoted once caught up.
   */
  async register(definition: ProjectionDefinition): Promise<ProjectionStatus> {
    const { rows } = await this.pool.query<{ status: ProjectionStatus }>(
      `INSERT INTO event_store.projection_checkpoints (projection_name, projection_version, node, status)
       SELECT $1, $2, $4, CASE
           WHEN EXISTS (SELECT 1 FROM event_store.projection_checkpoints WHERE projection_name = $1 AND status = 'active') THEN 'rebuilding'
           WHEN $3 AND EXISTS (SELECT 1 FROM event_store.events) THEN 'rebuilding'
           ELSE 'active' END
       ON CONFLICT (projection_name, projection_version, node) DO UPDATE SET projection_name = EXCLUDED.projection_name
       RETURNING status`,
      [definition.name, definition.version, definition.inline === true, this.node],
    );
    return rows[0].status;
  }

  async runOnce(definition: ProjectionDefinition): Promise<RunResult> {
    return inTransaction(this.pool, async (tx) => {
      if (!(await this.tryLock(tx, definition))) return { processed: 0, ran: false };
      const state = await this.readState(tx, definition);
      const events = await this.store.readAll({ after: state.checkpoint, limit: this.options.batchSize ?? 1000, executor: tx });
      if (events.length === 0) return { processed: 0, ran: true };
      const relevant = relevantEvents(definition, events);
      if (relevant.length > 0) await definition.handle(relevant, tx);
      const last = events[events.length - 1];
      await this.moveCheckpoint(tx, definition, state.checkpoint, { transactionId: last.transactionId, globalPosition: last.globalPosition });
      return { processed: events.length, ran: true };
    });
  }

  /** Runs batches until nothing below the xmin horizon is left. Returns the events processed. */
  async runUntilCaughtUp(definition: ProjectionDefinition): Promise<number> {
    let total = 0;
    for (;;) {
      const { processed, ran } = await this.runOnce(definition);
      total += processed;
      if (!ran || processed === 0) return total;
    }
  }

  async state(definition: ProjectionDefinition, executor: SqlExecutor = this.pool): Promise<ProjectionState> {
    return this.readState(executor, definition);
  }

  /** The whole checkpoint vector, one position per node in node order (a list of one on one node). */
  async checkpoints(definition: ProjectionDefinition, executor: SqlExecutor = this.pool): Promise<LogPosition[]> {
    const { rows } = await executor.query<{ transaction_id: string; global_position: string }>(
      `SELECT last_transaction_id::text AS transaction_id, last_global_position AS global_position
         FROM event_store.projection_checkpoints WHERE projection_name = $1 AND projection_version = $2 ORDER BY node`,
      [definition.name, definition.version],
    );
    return rows.map((row) => ({ transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) }));
  }

  /** True once the checkpoint has passed every event committed before this call. */
  async isCaughtUp(definition: ProjectionDefinition, target?: LogPosition): Promise<boolean> {
    const goal = target ?? (await this.store.headPosition());
    const { checkpoint } = await this.readState(this.pool, definition);
    return comparePositions(checkpoint, goal) >= 0;
  }

  /**
   * The caught-up probe: waits until the projection has processed everything committed before the
   * call. With `drive`, it runs the batches itself (tests without a daemon); otherwise it only
   * watches the checkpoint that a daemon moves.
   */
  async waitUntilCaughtUp(
    definition: ProjectionDefinition,
    { timeoutMs = 10_000, drive = false }: { timeoutMs?: number; drive?: boolean } = {},
  ): Promise<void> {
    const target = await this.store.headPosition();
    const deadline = Date.now() + timeoutMs;
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      if (drive) await this.runUntilCaughtUp(definition);
      if (await this.isCaughtUp(definition, target)) return;
      if (Date.now() > deadline) {
        const { checkpoint } = await this.readState(this.pool, definition);
        throw new Error(
          `${projectionKey(definition)} did not catch up within ${timeoutMs} ms ` +
            `(checkpoint ${checkpoint.transactionId}/${checkpoint.globalPosition}, target ${target.transactionId}/${target.globalPosition}); ` +
            'a long-running transaction may be holding the xmin horizon',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * Read-your-writes over another context's async read model (docs/adr/0052): `read` is tried once;
   * when it finds nothing (undefined), the projection is driven to the log's head — bounded by
   * `timeoutMs` — and `read` runs again. A hit costs nothing more than the read itself.
   */
  async readCaughtUp<T>(definition: ProjectionDefinition, read: () => Promise<T | undefined>, { timeoutMs = 5_000 } = {}): Promise<T | undefined> {
    const first = await read();
    if (first !== undefined) return first;
    await this.waitUntilCaughtUp(definition, { timeoutMs, drive: true });
    return read();
  }

  async lag(definition: ProjectionDefinition, cap = 100_000): Promise<ProjectionLag> {
    const { checkpoint, status } = await this.readState(this.pool, definition);
    // An active inline projection is written with every append: it cannot lag, its checkpoint rests.
    if (definition.inline && status === 'active') return { events: 0, caughtUp: true };
    const { rows } = await this.pool.query<{ behind: string }>(
      `SELECT count(*) AS behind FROM (
         SELECT 1 FROM event_store.events
          WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint) LIMIT $3) AS pending`,
      [checkpoint.transactionId.toString(), checkpoint.globalPosition.toString(), cap],
    );
    const events = Number(rows[0].behind);
    return { events, caughtUp: events === 0 };
  }

  /** Rebuild from zero in place: empties the tables and replays the log (development, small tables). */
  async rebuild(definition: ProjectionDefinition): Promise<number> {
    await inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [projectionKey(definition)]);
      await definition.reset(tx);
      await tx.query(
        `UPDATE event_store.projection_checkpoints SET last_transaction_id = '0', last_global_position = 0, updated_at = now()
          WHERE projection_name = $1 AND projection_version = $2 AND node = $3`,
        [definition.name, definition.version, this.node],
      );
    });
    return this.runUntilCaughtUp(definition);
  }

  /**
   * Blue/green switch: once this version has caught up, it becomes the one readers use and every
   * other version of the name is retired, in one transaction.
   */
  async promote(definition: ProjectionDefinition): Promise<void> {
    await inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [projectionKey(definition)]);
      const { checkpoint } = await this.readState(tx, definition);
      const head = await this.store.headPosition(tx);
      if (comparePositions(checkpoint, head) < 0) {
        throw new Error(`${projectionKey(definition)} has not caught up yet; promote it once it has`);
      }
      await tx.query(
        `UPDATE event_store.projection_checkpoints
            SET status = CASE WHEN projection_version = $2 THEN 'active' ELSE 'retired' END, updated_at = now()
          WHERE projection_name = $1 AND (projection_version = $2 OR status <> 'retired')`,
        [definition.name, definition.version],
      );
    });
  }

  /** The version readers should query; undefined before the first registration. */
  async activeVersion(name: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ projection_version: number }>(
      `SELECT projection_version FROM event_store.projection_checkpoints WHERE projection_name = $1 AND status = 'active'`,
      [name],
    );
    return rows[0]?.projection_version;
  }

  private async tryLock(tx: SqlExecutor, definition: ProjectionDefinition): Promise<boolean> {
    const { rows } = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [
      projectionKey(definition),
    ]);
    return rows[0].locked;
  }

  private async readState(executor: SqlExecutor, definition: ProjectionDefinition): Promise<ProjectionState> {
    const { rows } = await executor.query<{ transaction_id: string; global_position: string; status: ProjectionStatus }>(
      `SELECT last_transaction_id::text AS transaction_id, last_global_position AS global_position, status
         FROM event_store.projection_checkpoints WHERE projection_name = $1 AND projection_version = $2 AND node = $3`,
      [definition.name, definition.version, this.node],
    );
    if (rows.length === 0) throw new Error(`${projectionKey(definition)} is not registered`);
    return {
      checkpoint: { transactionId: BigInt(rows[0].transaction_id), globalPosition: BigInt(rows[0].global_position) },
      status: rows[0].status,
    };
  }

  /** Compare-and-set: a checkpoint moved by anyone else aborts this batch instead of overwriting. */
  private async moveCheckpoint(tx: SqlExecutor, definition: ProjectionDefinition, from: LogPosition, to: LogPosition): Promise<void> {
    const { rowCount } = await tx.query(
      `UPDATE event_store.projection_checkpoints
          SET last_transaction_id = $3::text::xid8, last_global_position = $4, owner_instance = $7, updated_at = now()
        WHERE projection_name = $1 AND projection_version = $2 AND node = $8
          AND last_transaction_id = $5::text::xid8 AND last_global_position = $6`,
      [
        definition.name,
        definition.version,
        to.transactionId.toString(),
        to.globalPosition.toString(),
        from.transactionId.toString(),
        from.globalPosition.toString(),
        this.options.instanceId ?? null,
        this.node,
      ],
    );
    if (rowCount !== 1) throw new Error(`${projectionKey(definition)} checkpoint moved concurrently; batch abandoned`);
  }
}
