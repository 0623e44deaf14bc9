import type pg from 'pg';
import { inTransaction, isDatabaseUnavailable, type SqlExecutor } from '@iys/platform/database';
import { comparePositions, positionOf, type LogPosition, type RecordedEvent } from '../event-store.types.js';
import type { PostgresEventStore } from '../postgres-event-store.js';
import { firstAfter, type LogStretchCache } from './log-stretch-cache.js';
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

/** What one pass did for one projection. */
export interface PassOutcome extends RunResult {
  /** Its batch failed: its writes and checkpoint were rolled back, the others' were not. */
  error?: unknown;
}

export interface PassResult {
  outcomes: Map<ProjectionDefinition, PassOutcome>;
  /** Log reads the pass made in the database: one per cohort, one in the steady state (none when `stretches` held the whole batch). */
  logReads: number;
  /** Events the pass took from `stretches` (read by an earlier pass) instead of from the database. */
  eventsFromMemory: number;
  /** Some read filled a whole batch: more may be waiting below the horizon. */
  full: boolean;
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
   * Creates the checkpoint row (idempotent). A later version of a name starts `rebuilding` beside the
   * active one. A first version starts `active`, except an inline one on a log that already has
   * events: inline writes only see new events, so it rebuilds the past first and is promoted once
   * caught up. Driving a projection registers it too (`runPass`), so a reader that drives one before
   * any daemon started needs no call of its own.
   */
  async register(definition: ProjectionDefinition): Promise<ProjectionStatus> {
    // DO UPDATE (a no-op) so that RETURNING answers the status of a row that already exists.
    const { rows } = await this.insertCheckpoints(this.pool, [definition], 'DO UPDATE SET projection_name = EXCLUDED.projection_name RETURNING status');
    return rows[0].status;
  }

  /** The checkpoint rows of `definitions` on this node, with the status `register` documents, as one statement. */
  private insertCheckpoints(executor: SqlExecutor, definitions: readonly ProjectionDefinition[], conflict: string) {
    return executor.query<{ status: ProjectionStatus }>(
      `INSERT INTO event_store.projection_checkpoints (projection_name, projection_version, node, status)
       SELECT w.name, w.version, $4, CASE
           WHEN EXISTS (SELECT 1 FROM event_store.projection_checkpoints c WHERE c.projection_name = w.name AND c.status = 'active') THEN 'rebuilding'
           WHEN w.inline AND EXISTS (SELECT 1 FROM event_store.events) THEN 'rebuilding'
           ELSE 'active' END
         FROM unnest($1::text[], $2::int[], $3::boolean[]) AS w(name, version, inline)
       ON CONFLICT (projection_name, projection_version, node) ${conflict}`,
      [definitions.map((d) => d.name), definitions.map((d) => d.version), definitions.map((d) => d.inline === true), this.node],
    );
  }

  /** One batch of one projection: the shared pass (`runPass`) over a list of one. */
  async runOnce(definition: ProjectionDefinition): Promise<RunResult> {
    const { outcomes } = await this.runPass([definition]);
    const outcome = outcomes.get(definition)!;
    if (outcome.error !== undefined) throw outcome.error;
    return { processed: outcome.processed, ran: outcome.ran };
  }

  /**
   * One pass over many projections with one log read per cohort (docs/adr/0057). A cohort is
   * formed in one transaction: try-lock every projection still to serve, read their checkpoints,
   * read ONE batch of the log after the lowest of them (below the xmin horizon, commit order), then
   * hand each projection whose checkpoint lies inside the batch the events after its own checkpoint
   * (filtered by its categories and event types). Each projection's `handle` runs in its own
   * savepoint: one that throws is rolled back to it, keeps its checkpoint and is reported in
   * `outcomes`, while the others' writes and checkpoints commit together. Projections ahead of the
   * batch form the next cohort in the same pass, so a laggard (a rebuild, a failing projection)
   * costs one more read and never holds the others back. In the steady state every checkpoint is
   * the same and a pass reads the log once, whatever the number of projections.
   *
   * `skip` leaves a projection out after its status is known (the daemon skips active inline ones).
   * `stretches` (docs/adr/0069): log stretches earlier passes read, shared between the daemon's
   * latency classes; a cohort takes what it can from them and reads only the rest from the database,
   * and keeps what it read there for the next pass of either class.
   */
  async runPass(
    definitions: readonly ProjectionDefinition[],
    { skip, stretches }: { skip?: (definition: ProjectionDefinition, status: ProjectionStatus) => boolean; stretches?: LogStretchCache } = {},
  ): Promise<PassResult> {
    const outcomes = new Map<ProjectionDefinition, PassOutcome>(definitions.map((d) => [d, { processed: 0, ran: false }]));
    let logReads = 0;
    let eventsFromMemory = 0;
    let full = false;
    let remaining = [...definitions];
    while (remaining.length > 0) {
      const cohort = remaining;
      try {
        remaining = await inTransaction(this.pool, async (tx) => {
          const result = await this.runCohort(tx, cohort, outcomes, skip, stretches);
          if (result.read) logReads += 1;
          eventsFromMemory += result.fromMemory ?? 0;
          if (result.full) full = true;
          return result.ahead;
        });
      } catch (error) {
        // The cohort's own statements (lock, log read, checkpoint move, commit) failed: nothing of it
        // committed, so every member keeps its checkpoint and reports the failure.
        if (isDatabaseUnavailable(error)) throw error;
        for (const definition of cohort) {
          const outcome = outcomes.get(definition)!;
          if (outcome.error === undefined) outcomes.set(definition, { processed: 0, ran: outcome.ran, error });
        }
        remaining = [];
      }
    }
    return { outcomes, logReads, eventsFromMemory, full };
  }

  private async runCohort(
    tx: SqlExecutor,
    cohort: readonly ProjectionDefinition[],
    outcomes: Map<ProjectionDefinition, PassOutcome>,
    skip: ((definition: ProjectionDefinition, status: ProjectionStatus) => boolean) | undefined,
    stretches: LogStretchCache | undefined,
  ): Promise<{ ahead: ProjectionDefinition[]; read: boolean; full?: boolean; fromMemory?: number }> {
    const locked = await this.tryLockAll(tx, cohort);
    // Read after the locks (a statement of its own, so a checkpoint another instance committed
    // before releasing its lock is seen).
    const states = await this.readStates(tx, locked);
    const unregistered = locked.filter((definition) => !states.has(projectionKey(definition)));
    if (unregistered.length > 0) {
      // Driven before any daemon registered it (a reader's caught-up probe at start-up): its
      // checkpoint row is created here, in the transaction of its first writes, and a daemon's
      // concurrent registration of the same row wins without a conflict (DO NOTHING, then re-read).
      await this.insertCheckpoints(tx, unregistered, 'DO NOTHING');
      for (const [key, state] of await this.readStates(tx, unregistered)) states.set(key, state);
    }
    const members: { definition: ProjectionDefinition; checkpoint: LogPosition }[] = [];
    for (const definition of locked) {
      const state = states.get(projectionKey(definition));
      if (state === undefined) {
        outcomes.set(definition, { processed: 0, ran: true, error: new Error(`${projectionKey(definition)} is not registered`) });
        continue;
      }
      outcomes.set(definition, { processed: 0, ran: true });
      if (!skip?.(definition, state.status)) members.push({ definition, checkpoint: state.checkpoint });
    }
    if (members.length === 0) return { ahead: [], read: false };

    const from = members.reduce((low, m) => (comparePositions(m.checkpoint, low) < 0 ? m.checkpoint : low), members[0].checkpoint);
    const limit = this.options.batchSize ?? 1000;
    // What an earlier pass read is final (below its horizon): take it from memory, read only the rest.
    const remembered = stretches?.take(from, limit) ?? [];
    let batch: RecordedEvent[] = remembered;
    let read = false;
    if (remembered.length < limit) {
      const after = remembered.length > 0 ? positionOf(remembered[remembered.length - 1]) : from;
      const rest = await this.store.readAll({ after, limit: limit - remembered.length, executor: tx });
      stretches?.keep(after, rest);
      batch = remembered.length > 0 ? remembered.concat(rest) : rest;
      read = true;
    }
    // Nothing after the lowest checkpoint is below the horizon: nothing after any of them either.
    if (batch.length === 0) return { ahead: [], read };
    const last = positionOf(batch[batch.length - 1]);

    const ahead: ProjectionDefinition[] = [];
    const moved: { definition: ProjectionDefinition; from: LogPosition }[] = [];
    const isolate = members.length > 1;
    for (const { definition, checkpoint } of members) {
      const order = comparePositions(checkpoint, last);
      if (order > 0) {
        ahead.push(definition);
        continue;
      }
      if (order === 0) continue;
      // The batch holds every event in (from, last]; this projection's share is what follows its checkpoint.
      const fresh = batch.slice(firstAfter(batch, checkpoint));
      const relevant = relevantEvents(definition, fresh);
      if (relevant.length > 0) {
        try {
          if (isolate) await tx.query('SAVEPOINT projection');
          await definition.handle(relevant, tx);
          if (isolate) await tx.query('RELEASE SAVEPOINT projection');
        } catch (error) {
          if (!isolate || isDatabaseUnavailable(error)) throw error;
          await tx.query('ROLLBACK TO SAVEPOINT projection');
          outcomes.set(definition, { processed: 0, ran: true, error });
          continue;
        }
      }
      outcomes.set(definition, { processed: fresh.length, ran: true });
      moved.push({ definition, from: checkpoint });
    }
    if (moved.length > 0) await this.moveCheckpoints(tx, moved, last);
    return { ahead, read, full: batch.length === limit, fromMemory: remembered.length };
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

  /** This node's checkpoint and status of each of `definitions`, by `projectionKey` (one statement). */
  async states(definitions: readonly ProjectionDefinition[], executor: SqlExecutor = this.pool): Promise<Map<string, ProjectionState>> {
    return this.readStates(executor, definitions);
  }

  /** The newest committed position of the log (visible or not yet below the xmin horizon). */
  async headPosition(): Promise<LogPosition> {
    return this.store.headPosition();
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
    // Not registered yet (no daemon started, no drive committed): not caught up, nothing to throw.
    const state = (await this.readStates(this.pool, [definition])).get(projectionKey(definition));
    return state !== undefined && comparePositions(state.checkpoint, goal) >= 0;
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
        const checkpoint = (await this.readStates(this.pool, [definition])).get(projectionKey(definition))?.checkpoint;
        throw new Error(
          `${projectionKey(definition)} did not catch up within ${timeoutMs} ms ` +
            `(checkpoint ${checkpoint ? `${checkpoint.transactionId}/${checkpoint.globalPosition}` : 'not registered'}, target ${target.transactionId}/${target.globalPosition}); ` +
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

  /** The projections of `definitions` whose advisory lock this transaction got (one statement). */
  private async tryLockAll(tx: SqlExecutor, definitions: readonly ProjectionDefinition[]): Promise<ProjectionDefinition[]> {
    const keys = definitions.map(projectionKey);
    const { rows } = await tx.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_xact_lock(hashtextextended(key, 0)) AS locked FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n) ORDER BY n',
      [keys],
    );
    return definitions.filter((_, index) => rows[index].locked);
  }

  /** Checkpoint and status of each projection, by key (one statement). */
  private async readStates(executor: SqlExecutor, definitions: readonly ProjectionDefinition[]): Promise<Map<string, ProjectionState>> {
    if (definitions.length === 0) return new Map();
    const { rows } = await executor.query<{ name: string; version: number; transaction_id: string; global_position: string; status: ProjectionStatus }>(
      `SELECT c.projection_name AS name, c.projection_version AS version, c.last_transaction_id::text AS transaction_id,
              c.last_global_position AS global_position, c.status
         FROM event_store.projection_checkpoints c
         JOIN unnest($1::text[], $2::int[]) AS w(name, version) ON c.projection_name = w.name AND c.projection_version = w.version
        WHERE c.node = $3`,
      [definitions.map((d) => d.name), definitions.map((d) => d.version), this.node],
    );
    return new Map(
      rows.map((row) => [
        projectionKey(row),
        { checkpoint: { transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) }, status: row.status },
      ]),
    );
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

  /**
   * Compare-and-set of every moved checkpoint in one statement: one moved by anyone else aborts the
   * cohort's transaction instead of being overwritten.
   */
  private async moveCheckpoints(tx: SqlExecutor, moved: { definition: ProjectionDefinition; from: LogPosition }[], to: LogPosition): Promise<void> {
    const { rowCount } = await tx.query(
      `UPDATE event_store.projection_checkpoints c
          SET last_transaction_id = $1::text::xid8, last_global_position = $2, owner_instance = $3, updated_at = now()
         FROM unnest($4::text[], $5::int[], $6::text[], $7::bigint[]) AS m(name, version, from_transaction_id, from_global_position)
        WHERE c.projection_name = m.name AND c.projection_version = m.version AND c.node = $8
          AND c.last_transaction_id = m.from_transaction_id::xid8 AND c.last_global_position = m.from_global_position`,
      [
        to.transactionId.toString(),
        to.globalPosition.toString(),
        this.options.instanceId ?? null,
        moved.map((m) => m.definition.name),
        moved.map((m) => m.definition.version),
        moved.map((m) => m.from.transactionId.toString()),
        moved.map((m) => m.from.globalPosition.toString()),
        this.node,
      ],
    );
    if (rowCount !== moved.length) {
      throw new Error(`${moved.map((m) => projectionKey(m.definition)).join(', ')}: a checkpoint moved concurrently; batch abandoned`);
    }
  }
}
