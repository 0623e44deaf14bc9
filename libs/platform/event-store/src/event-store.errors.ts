import type { ExpectedVersion } from './event-store.types.js';

export interface VersionConflict {
  streamId: string;
  expected: ExpectedVersion;
  /** Current version, or undefined when it changed under a concurrent writer. */
  actual?: number;
}

/** Optimistic concurrency lost: another writer appended first. Callers re-read and retry. */
export class ConcurrencyError extends Error {
  constructor(readonly conflicts: VersionConflict[]) {
    super(
      `Version conflict on ${conflicts.length} stream(s): ` +
        conflicts
          .slice(0, 5)
          .map((c) => `${c.streamId} expected ${String(c.expected)}, found ${c.actual ?? 'a concurrent write'}`)
          .join('; '),
    );
    this.name = 'ConcurrencyError';
  }
}

/** A request the store refuses before touching the database (bad stream id, empty append…). */
export class InvalidAppendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
