import { performance } from 'node:perf_hooks';
import type pg from 'pg';

/**
 * Where a batch append's time goes, seen from the client: each statement's round trip (client-side
 * parameter encoding, network, server execution, result parsing) by kind, and the rest — hashing,
 * canonical JSON, row building — as "client JS". Analysis only: it wraps a pool the store is given.
 */
export class PhaseTimer {
  readonly totals = new Map<string, number>();
  calls = 0;
  callMs = 0;

  record(phase: string, ms: number): void {
    this.totals.set(phase, (this.totals.get(phase) ?? 0) + ms);
  }

  /** Phases in ms per call, plus the client-side remainder. */
  breakdown(): { phase: string; msPerCall: number; share: number }[] {
    const perCall = (ms: number) => ms / Math.max(1, this.calls);
    const statementMs = [...this.totals.values()].reduce((a, b) => a + b, 0);
    const rows = [...this.totals.entries()].map(([phase, ms]) => ({ phase, msPerCall: perCall(ms), share: ms / this.callMs }));
    rows.push({ phase: 'client JS (validate, hash, build arrays, map results)', msPerCall: perCall(this.callMs - statementMs), share: (this.callMs - statementMs) / this.callMs });
    return rows.sort((a, b) => b.msPerCall - a.msPerCall);
  }
}

export function classifyStatement(text: string): string {
  const sql = text.replace(/\s+/g, ' ').trim();
  if (/^WITH heads AS/i.test(sql)) return 'the append statement (heads, events, command ids, NOTIFY)';
  if (/^BEGIN/i.test(sql)) return 'BEGIN';
  if (/^COMMIT/i.test(sql)) return 'COMMIT';
  if (/pg_notify/.test(sql)) return 'pg_notify';
  if (/^SELECT .* FROM event_store\.processed_commands/i.test(sql)) return 'SELECT processed_commands (idempotency lookup)';
  if (/^INSERT INTO event_store\.processed_commands/i.test(sql)) return 'INSERT processed_commands';
  if (/^INSERT INTO event_store\.streams/i.test(sql)) return 'INSERT streams';
  if (/^INSERT INTO event_store\.events/i.test(sql)) return 'INSERT events (RETURNING positions)';
  if (/FOR UPDATE/i.test(sql)) return 'SELECT … FOR UPDATE (stream heads)';
  if (/^COPY event_store\.events/i.test(sql)) return 'COPY events';
  if (/^COPY event_store\.streams/i.test(sql)) return 'COPY streams (new heads)';
  if (/^COPY event_store\.processed_commands/i.test(sql)) return 'COPY processed_commands';
  if (/^SELECT global_position.*pg_current_xact_id/i.test(sql)) return 'SELECT positions (after COPY)';
  return sql.slice(0, 40);
}

const TIMER = Symbol('phase-timer');

/** Makes every client checked out of `pool` report each statement's time to `timer`. */
export function instrumentPool(pool: pg.Pool, timer: PhaseTimer): pg.Pool {
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const instrumented = async (): Promise<pg.PoolClient> => {
    const client = (await connect()) as pg.PoolClient & { [TIMER]?: PhaseTimer };
    if (!client[TIMER]) {
      const query = client.query.bind(client) as (text: unknown, values?: unknown[]) => unknown;
      (client as unknown as { query: typeof query }).query = (text: unknown, values?: unknown[]) => {
        const started = performance.now();
        const done = () => client[TIMER]?.record(classifyStatement(typeof text === 'string' ? text : String((text as { text?: string }).text)), performance.now() - started);
        const result = query(text, values);
        if (result instanceof Promise) return result.finally(done);
        // A Submittable (pg-copy-streams): timed until the server has taken all of it.
        (result as NodeJS.EventEmitter).once('finish', done);
        return result;
      };
    }
    // A client re-used by a later measurement reports to that measurement's timer.
    client[TIMER] = timer;
    return client;
  };
  (pool as unknown as { connect: typeof instrumented }).connect = instrumented;
  // A statement sent to the pool itself (the append's one-statement path) goes through a client too.
  (pool as unknown as { query: (text: unknown, values?: unknown[]) => Promise<unknown> }).query = async (text: unknown, values?: unknown[]) => {
    const client = await instrumented();
    try {
      return await client.query(text as string, values);
    } finally {
      client.release();
    }
  };
  return pool;
}

export interface PhaseReport {
  calls: number;
  eventsPerCall: number;
  msPerCall: number;
  phases: { phase: string; msPerCall: number; share: number }[];
}

/**
 * Times `calls` appends of `eventsPerCall` new streams each through an instrumented pool of one
 * connection, after one untimed call. `appendWith(pool)` builds the appender under test on it.
 */
export async function measurePhases<T>(
  pool: pg.Pool,
  appendWith: (pool: pg.Pool) => (input: T) => Promise<unknown>,
  make: () => T,
  calls: number,
  eventsPerCall: number,
): Promise<PhaseReport> {
  const timer = new PhaseTimer();
  const append = appendWith(instrumentPool(pool, timer));
  await append(make());
  timer.totals.clear();
  for (let i = 0; i < calls; i++) {
    const input = make();
    const started = performance.now();
    await append(input);
    timer.callMs += performance.now() - started;
  }
  timer.calls = calls;
  const r = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
  return {
    calls,
    eventsPerCall,
    msPerCall: r(timer.callMs / calls, 3),
    phases: timer.breakdown().map((p) => ({ phase: p.phase, msPerCall: r(p.msPerCall, 3), share: r(p.share, 3) })),
  };
}
