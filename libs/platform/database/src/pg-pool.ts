import pg from 'pg';
import type { SqlExecutor } from './sql-executor.js';

// bigint (int8) stays a string unless asked: positions are read as strings and converted explicitly.
export interface PoolOptions {
  url: string;
  size?: number;
  applicationName?: string;
  /** An abandoned transaction pins pg_snapshot_xmin and stalls every projection: cut it off. */
  idleInTransactionTimeoutMs?: number;
  /** A server that does not answer (down, unreachable) fails a checkout after this long instead of hanging it. */
  connectTimeoutMs?: number;
}

export function createPool({ url, size = 10, applicationName = 'iys', idleInTransactionTimeoutMs = 60_000, connectTimeoutMs = 10_000 }: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: size,
    application_name: applicationName,
    options: `-c idle_in_transaction_session_timeout=${idleInTransactionTimeoutMs}`,
    connectionTimeoutMillis: connectTimeoutMs,
  });
  // A lost connection must never crash the process. The pool only listens on idle clients; a client
  // checked out between two statements (a held lock, a LISTEN) would otherwise raise an unhandled
  // 'error' when the server stops. The client is marked broken, its next statement fails, and the
  // pool discards it on release; the next checkout connects again.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Whatever hands out connections: a pool, or the read router's routed reads. */
export interface ConnectionSource {
  connect(): Promise<pg.PoolClient>;
}

export async function inTransaction<T>(pool: ConnectionSource, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export type { SqlExecutor };
