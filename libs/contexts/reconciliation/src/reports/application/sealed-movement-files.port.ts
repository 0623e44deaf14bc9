import type { ReportScopeOf } from '../domain/report-day.js';

export interface SealedFileInfo {
  sha256: string;
  byteLength: number;
  chunkCount: number;
}

/**
 * Completed days' movement files kept sealed, so M4 and M2 read them instead of opening every
 * recipient through the vault again. Implemented in infrastructure (docs/adr/0052).
 */
export interface SealedMovementFileStore {
  find(scope: ReportScopeOf): Promise<SealedFileInfo | undefined>;
  /**
   * Stores the bytes `produce` yields as the day's file, in one transaction holding the day's lock
   * (so an erasure cannot slip between reading the rows and storing the file); returns the SHA-256.
   */
  seal(scope: ReportScopeOf, produce: () => AsyncIterable<Buffer>): Promise<string>;
  /** The sealed file's bytes; a tampered or vanished chunk ends in an error, never wrong or missing bytes. */
  chunks(scope: ReportScopeOf, file: SealedFileInfo): AsyncGenerator<Buffer>;
  /** Drops the files of days before `firstKept`; how many went. */
  pruneBefore(firstKept: string): Promise<number>;
}

export const SEALED_MOVEMENT_FILES = Symbol('SEALED_MOVEMENT_FILES');
