import pg from 'pg';
import type { SqlExecutor } from './sql-executor.js';

// bigint (int8) stays a string unless asked: positions are read as strings and converted explicitly.
export interface PoolOptions {
  url: string;
  size?: number;
  applicationName?: string;
  /** An abandoned transaction pins pg_snapshot_xmin and stalls every projection: cut it off. */
  idleInTransactionTimeoutMs?: number;
}

export function createPool({ url, size = 10, applicationName = 'iys', idleInTransactionTimeoutMs = 60_000 }: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: size,
    application_name: applicationName,
    options: `-c idle_in_transaction_session_timeout=${idleInTransactionTimeoutMs}`,
  });
  // An idle client that loses its connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  return pool;
}

export async function inTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
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
