import type pg from 'pg';
import { epochMs } from './consent-inputs.js';

/**
 * Where a C3 batch's time goes, seen from the API's own pool: every statement any of its clients
 * runs (round trip: parameter encoding, network, server execution, result parsing) with its start,
 * end and connection, recorded only while `enabled`. The analysis (phase-profile.ts) sorts them
 * into the pipeline's stages by their SQL and reads the JavaScript time as the gaps between them.
 */
export interface StatementRecord {
  client: number;
  sql: string;
  /** The first parameter when it is a string (the projection runner passes the projection's name). */
  param?: string;
  start: number;
  end: number;
}

export class StatementTimer {
  enabled = false;
  readonly records: StatementRecord[] = [];
  private clients = 0;

  /** Must be called before the pool opens its first connection. */
  attach(pool: pg.Pool): void {
    pool.on('connect', (client: pg.PoolClient) => {
      const id = ++this.clients;
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        if (!this.enabled) return query(...args);
        const first = args[0] as string | { text?: string; values?: unknown[] } | undefined;
        const sql = typeof first === 'string' ? first : String(first?.text ?? '');
        const values = (Array.isArray(args[1]) ? args[1] : typeof first === 'object' ? first?.values : undefined) as unknown[] | undefined;
        const param = typeof values?.[0] === 'string' ? (values[0] as string) : undefined;
        const start = epochMs();
        const done = () => this.records.push({ client: id, sql, param, start, end: epochMs() });
        // pool.query() calls the client with a callback; repositories and transactions await a promise.
        const last = args.length - 1;
        if (typeof args[last] === 'function') {
          const callback = args[last] as (...results: unknown[]) => void;
          args[last] = (...results: unknown[]) => {
            done();
            callback(...results);
          };
          return query(...args);
        }
        const result = query(...args);
        // Submittables (COPY streams) pass through untimed.
        return result instanceof Promise ? result.finally(done) : result;
      };
    });
  }

  take(from: number, to: number): StatementRecord[] {
    return this.records.filter((r) => r.start >= from && r.end <= to).sort((a, b) => a.start - b.start);
  }
}

export type Stage = 'C3 request' | 'batch worker' | 'change-feed projection' | 'other projections' | 'projections (shared pass)' | 'other';

/** The daemon's pass over every projection with one log read (docs/adr/0057). */
const SHARED: Stage = 'projections (shared pass)';

/** A runner statement whose projection is named by its parameter or, failing that, by its transaction. */
const RUNNER = 'projection runner';
const NAMED = 'projection runner, named';

/** The pipeline stage and step of a statement, by its SQL. BEGIN/COMMIT/ROLLBACK are placed by their connection. */
export function classify(sqlText: string, param?: string): { stage: Stage | typeof RUNNER; step: string } | 'transaction-control' {
  const sql = sqlText.replace(/\s+/g, ' ').trim();
  // A projection's savepoint inside the shared pass: not the end of its transaction.
  if (/^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)/i.test(sql)) return { stage: RUNNER, step: 'savepoint (one per projection with events)' };
  if (/^(BEGIN|COMMIT|ROLLBACK)/i.test(sql)) return 'transaction-control';
  const rules: [RegExp, Stage | typeof RUNNER | typeof NAMED, string][] = [
    [/WITH heads AS/, 'batch worker', 'append: the one statement (heads, events, command ids, inline current consent, NOTIFY)'],
    [/WITH known AS/, 'C3 request', 'vault: look up or register (one statement)'],
    [/JOIN consent\.current_consent/, 'C3 request', 'read current consent by address digest'],
    [/LEFT JOIN consent\.batch_items/, 'batch worker', 'load open requests and their queued items (jsonb)'],
    [/FROM identity_access\.sessions/, 'C3 request', 'perimeter: session + user check'],
    [/FROM pii\.recipient_registry WHERE address_hmac = ANY/, 'C3 request', 'vault: look up address digests'],
    [/INSERT INTO pii\.recipient_registry/, 'C3 request', 'vault: register new recipients + wrapped keys'],
    [/FROM pii\.subject_keys/, 'C3 request', 'vault: load data keys'],
    [/INSERT INTO consent\.batch_requests/, 'C3 request', 'queue: insert request'],
    [/INSERT INTO consent\.batch_items/, 'C3 request', 'queue: insert items'],
    [/pg_notify\('iys_consent_batches'/, 'C3 request', 'queue: notify'],
    [/FROM consent\.batch_requests WHERE completed_at IS NULL/, 'batch worker', 'pick pending requests'],
    [/pg_try_advisory_lock\(/, 'batch worker', 'request lock'],
    [/pg_advisory_unlock\(/, 'batch worker', 'request unlock'],
    [/FROM consent\.batch_items WHERE request_id/, 'batch worker', 'load queued items (jsonb)'],
    [/FROM event_store\.processed_commands/, 'batch worker', 'idempotency look-up (command ids)'],
    [/FROM consent\.brands WHERE brand_code/, 'batch worker', 'brand activation date'],
    [/FROM event_store\.events WHERE stream_id = ANY/, 'batch worker', 'read stream histories'],
    [/FROM event_store\.streams .*FOR UPDATE/, 'batch worker', 'append: lock stream heads'],
    [/SKIP LOCKED/, 'other', 'notification outbox poll'],
    [/INSERT INTO event_store\.streams/, 'batch worker', 'append: insert streams'],
    [/INSERT INTO event_store\.events/, 'batch worker', 'append: insert events (RETURNING)'],
    [/INSERT INTO event_store\.processed_commands/, 'batch worker', 'append: record command ids'],
    [/INSERT INTO consent\.current_consent/, 'batch worker', 'append: inline current-consent upsert'],
    [/pg_notify\('iys_events'/, 'batch worker', 'append: notify'],
    [/UPDATE consent\.batch_items/, 'batch worker', 'record item outcomes'],
    [/UPDATE consent\.batch_requests SET completed_at/, 'batch worker', 'mark request completed'],
    [/INSERT INTO consent\.changes/, 'change-feed projection', 'insert changes'],
    [/FROM consent\.batch_requests WHERE request_id/, 'batch worker', 'request still open?'],
    [/FROM consent\.current_consent/, 'C3 request', 'read current consent'],
    // The shared pass: one statement each for the cohort's locks, checkpoints and checkpoint moves…
    [/hashtextextended\(key, 0\)\) AS locked FROM unnest/, SHARED, 'lock the cohort (one statement)'],
    [/FROM event_store\.projection_checkpoints c JOIN unnest/, SHARED, 'read the cohort\'s checkpoints'],
    [/UPDATE event_store\.projection_checkpoints c SET/, SHARED, 'move the cohort\'s checkpoints'],
    // …the runner's statements that take the projection's name (or key) as their first parameter…
    [/pg_try_advisory_xact_lock/, NAMED, 'projection lock'],
    [/FROM event_store\.projection_checkpoints/, NAMED, 'read checkpoint / state'],
    [/UPDATE event_store\.projection_checkpoints/, NAMED, 'move checkpoint'],
    // …and those that do not.
    [/pg_snapshot_xmin/, RUNNER, 'read log batch (below xmin)'],
    [/ORDER BY transaction_id DESC, global_position DESC/, RUNNER, 'head position'],
  ];
  for (const [pattern, stage, step] of rules) {
    if (!pattern.test(sql)) continue;
    if (stage !== NAMED) return { stage, step };
    if (param === undefined) return { stage: RUNNER, step };
    return { stage: param.startsWith('consent.changes') ? 'change-feed projection' : 'other projections', step };
  }
  return { stage: /^INSERT INTO [a-z_]+\./i.test(sql) ? RUNNER : 'other', step: sql.slice(0, 58) };
}

export interface PlacedStatement extends StatementRecord {
  stage: Stage;
  step: string;
}

/**
 * Classifies records. A transaction (BEGIN … COMMIT on one connection) belongs to the stage of its
 * first statement with a definite stage; its control statements and its unnamed runner statements
 * (the log read, another projection's insert) take that stage.
 */
export function place(records: StatementRecord[]): PlacedStatement[] {
  const byClient = new Map<number, StatementRecord[]>();
  for (const r of records) {
    const list = byClient.get(r.client) ?? [];
    list.push(r);
    byClient.set(r.client, list);
  }
  const placed: PlacedStatement[] = [];
  for (const list of byClient.values()) {
    list.sort((a, b) => a.start - b.start);
    let group: { record: StatementRecord; c: ReturnType<typeof classify> }[] = [];
    const flush = () => {
      const definite = group.find((g) => g.c !== 'transaction-control' && g.c.stage !== RUNNER)?.c as { stage: Stage } | undefined;
      const stage: Stage = definite?.stage ?? 'other projections';
      for (const { record, c } of group) {
        if (c === 'transaction-control') {
          const word = /^\s*(BEGIN|COMMIT|ROLLBACK)/i.exec(record.sql)![1].toUpperCase();
          placed.push({ ...record, stage, step: word });
        } else placed.push({ ...record, stage: c.stage === RUNNER ? stage : c.stage, step: c.step });
      }
      group = [];
    };
    for (const record of list) {
      const c = classify(record.sql, record.param);
      const word = /^\s*(BEGIN|COMMIT|ROLLBACK)(?!\s+TO\b)/i.exec(record.sql)?.[1]?.toUpperCase();
      if (word === 'BEGIN') flush();
      group.push({ record, c });
      // Outside a transaction every statement is its own group.
      if (word === 'COMMIT' || word === 'ROLLBACK' || (word === undefined && !/^\s*BEGIN/i.test(group[0].record.sql))) flush();
    }
    flush();
  }
  return placed.sort((a, b) => a.start - b.start);
}
