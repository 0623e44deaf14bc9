import type pg from 'pg';
import type { QueryResultRow } from 'pg';
import { isDatabaseUnavailable } from '../database-availability.js';
import { createPool } from '../pg-pool.js';
import type { SqlExecutor } from '../sql-executor.js';
import { formatLsn, parseLsn } from './lsn.js';
import { readContext } from './read-context.js';

export interface ReadRouterOptions {
  primary: pg.Pool;
  /** Hot standbys of the primary (DATABASE_REPLICA_URLS). None: every read goes to the primary. */
  replicaUrls?: readonly string[];
  /** A replica further behind than this is taken out of rotation (IYS_REPLICA_MAX_LAG_MS). */
  maxLagMs?: number;
  /** How long a read waits for a replica to replay its session's last commit before using the primary. */
  waitForCommitMs?: number;
  /** How often every replica's position and lag are read. */
  checkIntervalMs?: number;
  poolSize?: number;
  applicationName?: string;
  /** Sessions whose last commit position is remembered (the oldest writers are forgotten first). */
  sessionCapacity?: number;
  /** Called when a replica enters or leaves the rotation. */
  onChange?: (replica: ReplicaStatus) => void;
  /** Called (and awaited) when a session's commit was recorded: tells the machine's other API processes. */
  onCommitRecorded?: (session: string, lsn: bigint) => Promise<unknown>;
}

export interface ReplicaStatus {
  /** host:port, never the credentials. */
  name: string;
  inRotation: boolean;
  /** Why it is out of rotation. */
  reason?: 'not checked yet' | 'unreachable' | 'lagging' | 'not a standby';
  lagMs?: number;
  replayLsn?: string;
}

/**
 * A SqlExecutor whose queries are routed one by one, and whose `connect()` hands out one connection
 * of the chosen server for work that needs a single snapshot (a read-only transaction).
 */
export interface RoutedReads extends SqlExecutor {
  connect(): Promise<pg.PoolClient>;
}

export interface RoutedReadCounts {
  primary: number;
  replicas: Record<string, number>;
}

interface Replica {
  name: string;
  pool: pg.Pool;
  inRotation: boolean;
  reason?: ReplicaStatus['reason'];
  replayLsn: bigint;
  lagMs?: number;
  reads: number;
}

interface ReplicaPosition {
  standby: boolean;
  replay: string | null;
  since_replay_ms: number | null;
}

/**
 * Routes the registry's read paths to PostgreSQL hot standbys (ADR 0047). A query of `reads` made
 * inside a replica-read context (see read-context.ts; anything else reads the primary) goes to a
 * replica in rotation, round-robin; the primary answers when none is in rotation, when
 * none has replayed the calling session's last commit within `waitForCommitMs` (read-your-writes),
 * and instead of a replica that fails under the query (the replica is then taken out at once).
 * Writes never come here: they use the primary pool directly.
 */
export class ReadRouter {
  /** The routed executor query handlers read from. */
  readonly reads: RoutedReads;
  private readonly replicas: Replica[];
  private readonly maxLagMs: number;
  private readonly waitForCommitMs: number;
  private readonly checkIntervalMs: number;
  private readonly sessionCapacity: number;
  /** Session → WAL position of its last write's commit (insertion order = oldest writer first). */
  private readonly sessionCommits = new Map<string, bigint>();
  /** The primary's WAL position as sampled by each check, oldest first: the clock of the lag. */
  private primarySamples: { at: number; lsn: bigint }[] = [];
  private primaryReads = 0;
  private next = 0;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(private readonly options: ReadRouterOptions) {
    this.maxLagMs = options.maxLagMs ?? 2000;
    this.waitForCommitMs = options.waitForCommitMs ?? 100;
    this.checkIntervalMs = options.checkIntervalMs ?? 250;
    this.sessionCapacity = options.sessionCapacity ?? 100_000;
    this.replicas = (options.replicaUrls ?? []).map((url) => ({
      name: hostAndPort(url),
      // A replica that does not answer fails fast: the primary is the fallback, not a wait.
      pool: createPool({ url, size: options.poolSize ?? 10, applicationName: options.applicationName ?? 'iys-replica-reads', connectTimeoutMs: 1000 }),
      inRotation: false,
      reason: 'not checked yet',
      replayLsn: 0n,
      reads: 0,
    }));
    this.reads = { query: (text, params) => this.routedQuery(text, params), connect: () => this.routedConnection() };
  }

  get hasReplicas(): boolean {
    return this.replicas.length > 0;
  }

  /** Checks every replica now, then every `checkIntervalMs`. */
  async start(): Promise<void> {
    if (!this.hasReplicas || this.timer) return;
    await this.checkNow();
    this.timer = setInterval(() => void this.checkNow(), this.checkIntervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
    await Promise.all(this.replicas.map((replica) => replica.pool.end().catch(() => undefined)));
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((replica) => ({
      name: replica.name,
      inRotation: replica.inRotation,
      ...(replica.reason ? { reason: replica.reason } : {}),
      ...(replica.lagMs !== undefined ? { lagMs: Math.round(replica.lagMs) } : {}),
      ...(replica.replayLsn > 0n ? { replayLsn: formatLsn(replica.replayLsn) } : {}),
    }));
  }

  /** How many replica-read queries each server answered since start. */
  counts(): RoutedReadCounts {
    return { primary: this.primaryReads, replicas: Object.fromEntries(this.replicas.map((replica) => [replica.name, replica.reads])) };
  }

  /**
   * Remembers where the session's last write ended in the WAL, so its next reads wait for a replica
   * that has replayed it. Called after the write committed. The insert position is at or past the
   * end of every commit record already returned, also under asynchronous commit.
   */
  async recordCommit(session: string): Promise<void> {
    if (!this.hasReplicas) return;
    const { rows } = await this.options.primary.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    const lsn = parseLsn(rows[0].lsn)!;
    this.noteCommit(session, lsn);
    // The machine's other API processes learn it before the answer leaves (docs/adr/0058).
    await this.options.onCommitRecorded?.(session, lsn);
  }

  /** A session's commit recorded by another process of the machine (or this one). */
  noteCommit(session: string, lsn: bigint): void {
    const known = this.sessionCommits.get(session);
    this.sessionCommits.delete(session);
    this.sessionCommits.set(session, known !== undefined && known > lsn ? known : lsn);
    if (this.sessionCommits.size > this.sessionCapacity) this.sessionCommits.delete(this.sessionCommits.keys().next().value!);
  }

  /** Reads every replica's position and lag, and moves replicas in and out of the rotation. */
  checkNow(): Promise<void> {
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async check(): Promise<void> {
    let primaryLsn: bigint | undefined;
    try {
      const { rows } = await this.options.primary.query<{ lsn: string }>('SELECT pg_current_wal_flush_lsn()::text AS lsn');
      primaryLsn = parseLsn(rows[0].lsn)!;
      const now = Date.now();
      this.primarySamples.push({ at: now, lsn: primaryLsn });
      this.primarySamples = this.primarySamples.filter((sample) => now - sample.at <= 4 * this.maxLagMs + this.checkIntervalMs);
    } catch {
      // Without the primary the lag cannot be told; the replicas keep their last verdict.
      return;
    }
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica, primaryLsn!)));
    this.forgetReplayedCommits();
  }

  private async checkReplica(replica: Replica, primaryLsn: bigint): Promise<void> {
    let position: ReplicaPosition;
    try {
      const { rows } = await replica.pool.query<ReplicaPosition>(
        `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay,
                (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS since_replay_ms`,
      );
      position = rows[0];
    } catch {
      replica.lagMs = undefined;
      this.setRotation(replica, false, 'unreachable');
      return;
    }
    // A promoted replica has left the primary's timeline: its data may fork from it.
    if (!position.standby) return this.setRotation(replica, false, 'not a standby');
    const replay = parseLsn(position.replay) ?? 0n;
    if (replay > replica.replayLsn) replica.replayLsn = replay;
    replica.lagMs = this.lagOf(replay, primaryLsn, position.since_replay_ms);
    if (replica.lagMs > this.maxLagMs) this.setRotation(replica, false, 'lagging');
    else this.setRotation(replica, true);
  }

  /**
   * Zero when the replica has replayed everything the primary had flushed; otherwise how long the
   * primary has held WAL the replica lacks (from this router's own samples, so free of clock skew),
   * capped by the age of the last transaction the replica replayed when that is smaller (a primary
   * idle for an hour, then written once, is not an hour behind).
   */
  private lagOf(replay: bigint, primaryLsn: bigint, sinceReplayMs: number | null): number {
    if (replay >= primaryLsn) return 0;
    const firstAhead = this.primarySamples.find((sample) => sample.lsn > replay);
    const missingFor = firstAhead ? Date.now() - firstAhead.at : 0;
    return sinceReplayMs === null ? missingFor : Math.max(0, Math.min(missingFor, sinceReplayMs));
  }

  private setRotation(replica: Replica, inRotation: boolean, reason?: ReplicaStatus['reason']): void {
    const changed = replica.inRotation !== inRotation || replica.reason !== reason;
    replica.inRotation = inRotation;
    replica.reason = reason;
    if (changed) this.options.onChange?.(this.status().find((status) => status.name === replica.name)!);
  }

  /** A commit every replica has replayed needs no waiting any more (replay only moves forward). */
  private forgetReplayedCommits(): void {
    const everywhere = this.replicas.reduce((min, replica) => (replica.replayLsn < min ? replica.replayLsn : min), this.replicas[0].replayLsn);
    for (const [session, lsn] of this.sessionCommits) if (lsn <= everywhere) this.sessionCommits.delete(session);
  }

  private async routedQuery<R extends QueryResultRow>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }> {
    const context = readContext.getStore();
    if (!context?.replicaRead) return this.options.primary.query<R>(text, params);
    const needed = context.session === undefined ? undefined : this.sessionCommits.get(context.session);
    const inRotation = this.rotation();
    for (const replica of inRotation) {
      if (needed !== undefined && replica.replayLsn < needed) continue;
      const result = await this.tryReplica(replica, (client) => client.query<R>(text, params));
      if (result) return result;
    }
    if (needed !== undefined) {
      const caughtUp = await this.tryReplicaAfterReplay(inRotation, needed, (client) => client.query<R>(text, params));
      if (caughtUp) return caughtUp;
    }
    this.primaryReads += 1;
    return this.options.primary.query<R>(text, params);
  }

  /** One connection, chosen as `routedQuery` chooses; a failure after the checkout is the caller's. */
  private async routedConnection(): Promise<pg.PoolClient> {
    const context = readContext.getStore();
    if (!context?.replicaRead) return this.options.primary.connect();
    const needed = context.session === undefined ? undefined : this.sessionCommits.get(context.session);
    const inRotation = this.rotation();
    for (const replica of inRotation) {
      if (needed !== undefined && replica.replayLsn < needed) continue;
      const client = await this.tryReplica(replica, async (checkedOut) => checkedOut, true);
      if (client) return client;
    }
    if (needed !== undefined) {
      const client = await this.tryReplicaAfterReplay(inRotation, needed, async (checkedOut) => checkedOut, true);
      if (client) return client;
    }
    this.primaryReads += 1;
    return this.options.primary.connect();
  }

  /** The replicas in rotation, starting with the next in round-robin order. */
  private rotation(): Replica[] {
    const inRotation = this.replicas.filter((replica) => replica.inRotation);
    if (inRotation.length < 2) return inRotation;
    const start = this.next++ % inRotation.length;
    return [...inRotation.slice(start), ...inRotation.slice(0, start)];
  }

  /**
   * Waits on the most advanced replica until it has replayed `needed`, for at most
   * `waitForCommitMs`, then reads on the same connection: the read's snapshot is taken after the
   * replay position was seen, so it holds the session's write.
   */
  private async tryReplicaAfterReplay<T>(candidates: Replica[], needed: bigint, work: (client: pg.PoolClient) => Promise<T>, keep = false): Promise<T | undefined> {
    const replica = candidates.reduce<Replica | undefined>((best, candidate) => (!best || candidate.replayLsn > best.replayLsn ? candidate : best), undefined);
    if (!replica) return undefined;
    const deadline = Date.now() + this.waitForCommitMs;
    return this.tryReplica<T>(
      replica,
      async (client) => {
        for (;;) {
          const { rows } = await client.query<{ replay: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS replay');
          const replay = parseLsn(rows[0].replay) ?? 0n;
          if (replay > replica.replayLsn) replica.replayLsn = replay;
          if (replay >= needed) return work(client);
          if (Date.now() >= deadline) return undefined;
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      },
      keep,
    );
  }

  /**
   * Runs the work on one replica connection (`keep`: the work's result holds the connection, the
   * caller releases it). A replica that cannot answer (down, restarting, its query cancelled by a
   * conflict with recovery) is taken out of rotation at once and the caller goes on to the next
   * server: the client never sees its failure.
   */
  private async tryReplica<T>(replica: Replica, work: (client: pg.PoolClient) => Promise<T | undefined>, keep = false): Promise<T | undefined> {
    let client: pg.PoolClient | undefined;
    try {
      client = await replica.pool.connect();
      const result = await work(client);
      if (result === undefined || !keep) client.release();
      if (result !== undefined) replica.reads += 1;
      return result;
    } catch (error) {
      client?.release(true);
      if (!isReplicaFailure(error)) throw error;
      if (isDatabaseUnavailable(error)) {
        replica.lagMs = undefined;
        this.setRotation(replica, false, 'unreachable');
      }
      return undefined;
    }
  }
}

/** Errors of the replica rather than of the statement: the primary answers instead. */
function isReplicaFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  // 40001: canceling statement due to conflict with recovery.
  return isDatabaseUnavailable(error) || code === '40001';
}

function hostAndPort(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}`;
  } catch {
    return 'replica';
  }
}
