import type { QueryResultRow } from 'pg';

/**
 * What platform code needs from a connection: a pool, a checked-out client or a transaction all
 * satisfy it, so one function serves inside and outside a transaction.
 */
export interface SqlExecutor {
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}
