/** A page of a list read one row past its end: `more` says whether another page follows (no total to count). */
export interface Page<T> {
  offset: number;
  limit: number;
  more: boolean;
  items: T[];
}

/**
 * Reads one page: `offset` and `limit` brought into range (limit 1–`maxLimit`, offset ≥ 0), `read`
 * asked for one row more than the page, whose presence sets `more`.
 */
export async function readPage<T>(request: { offset: number; limit: number }, maxLimit: number, read: (offset: number, limit: number) => Promise<T[]>): Promise<Page<T>> {
  const limit = Math.max(1, Math.min(maxLimit, Math.trunc(request.limit) || 1));
  const offset = Math.max(0, Math.trunc(request.offset) || 0);
  const rows = await read(offset, limit + 1);
  return { offset, limit, more: rows.length > limit, items: rows.slice(0, limit) };
}
