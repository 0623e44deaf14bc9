import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import { MOVEMENT_FILE_HEADER, MovementRowWriter } from '../domain/movement-file.js';
import type { ReportScopeOf } from '../domain/report-day.js';
import { MOVEMENT_ROWS, type MovementPageRow, type MovementRows } from './movement-rows.port.js';
import { SEALED_MOVEMENT_FILES, type SealedMovementFileStore } from './sealed-movement-files.port.js';

export interface MovementFilePaging {
  /** Rows read per query (by seq). */
  pageSize?: number;
  /** Recipients opened per vault call. */
  decryptChunk?: number;
  /** Vault calls in flight at once (their key loads and openings overlap). */
  inFlight?: number;
}

const PAGE_SIZE = 2000;
const DECRYPT_CHUNK = 500;
/** Enough to keep every decryption worker busy while the next chunk's keys load, on any core count. */
const IN_FLIGHT = Math.min(8, availableParallelism() + 2);

/** A started promise whose failure is handled where it is awaited, not reported as unhandled meanwhile. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * The one producer of a day's movement file (M4): M4 streams these bytes, M2 and M3 hash them, so the
 * hash always matches the file. Reads the day in commit order (seq) a page at a time and opens the
 * recipients through the vault (erased ones read `***`), so memory stays flat however big the day is.
 *
 * Pipelined: the next page is read while the current one is opened and written, and several chunks
 * are opened at once on the vault's worker threads while this thread reads and writes (docs/adr/0068).
 * At most 1 + `inFlight` pool connections per file (one page read, the chunks' key loads).
 */
@Injectable()
export class MovementFileSource {
  constructor(
    @Inject(MOVEMENT_ROWS) private readonly rows: MovementRows,
    @Inject(SEALED_MOVEMENT_FILES) private readonly sealed: SealedMovementFileStore,
  ) {}

  /** The day's file: its sealed copy when the nightly snapshot kept one, else computed from the rows. */
  async *chunks(scope: ReportScopeOf, paging: MovementFilePaging = {}): AsyncGenerator<Buffer> {
    const file = await this.sealed.find(scope);
    yield* file ? this.sealed.chunks(scope, file) : this.computedChunks(scope, paging);
  }

  /** SHA-256 (lower-case hex) of exactly the bytes {@link chunks} produces. */
  async sha256(scope: ReportScopeOf): Promise<string> {
    const file = await this.sealed.find(scope);
    if (file) return file.sha256;
    const hash = createHash('sha256');
    for await (const chunk of this.computedChunks(scope)) hash.update(chunk);
    return hash.digest('hex');
  }

  /** Computes the day's file from its rows and keeps it sealed (the nightly snapshot); returns its SHA-256. */
  seal(scope: ReportScopeOf): Promise<string> {
    return this.sealed.seal(scope, () => this.computedChunks(scope));
  }

  /**
   * The file from the day's rows, opening every recipient through the vault. The rows are read a
   * page at a time (the next page in flight) and opened `decryptChunk` at a time, up to `inFlight`
   * chunks at once (the vault opens them on its worker threads, docs/adr/0068); the chunks are
   * written in the order of the rows, one at a time as the reader takes them, so memory holds at
   * most two pages and the chunks in flight however big the day is, and a slow reader (the HTTP
   * response) holds the reading back.
   */
  async *computedChunks(scope: ReportScopeOf, { pageSize = PAGE_SIZE, decryptChunk = DECRYPT_CHUNK, inFlight = IN_FLIGHT }: MovementFilePaging = {}): AsyncGenerator<Buffer> {
    yield Buffer.from(MOVEMENT_FILE_HEADER, 'utf8');
    const writer = new MovementRowWriter();
    const opening: { rows: MovementPageRow[]; recipients: Promise<string[]> }[] = [];
    const written = async () => {
      const { rows, recipients } = opening.shift() as (typeof opening)[number];
      const opened = await recipients;
      let text = '';
      for (let i = 0; i < rows.length; i++) text += writer.row(rows[i], opened[i]);
      return Buffer.from(text, 'utf8');
    };
    let page = started(this.page(scope, '0', pageSize));
    for (;;) {
      const rows = await page;
      const more = rows.length === pageSize;
      if (more) page = started(this.page(scope, rows[rows.length - 1].seq, pageSize));
      for (let start = 0; start < rows.length; start += decryptChunk) {
        const chunk = rows.slice(start, start + decryptChunk);
        opening.push({ rows: chunk, recipients: started(this.rows.openRecipients(chunk.map((row) => row.recipient))) });
        if (opening.length >= inFlight) yield await written();
      }
      if (!more) break;
    }
    while (opening.length > 0) yield await written();
  }

  private page(scope: ReportScopeOf, after: string, pageSize: number): Promise<MovementPageRow[]> {
    return this.rows.page(scope, after, pageSize);
  }
}
