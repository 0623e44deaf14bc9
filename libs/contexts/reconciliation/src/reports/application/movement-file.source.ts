import { createHash } from 'node:crypto';
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
}

const PAGE_SIZE = 5000;
const DECRYPT_CHUNK = 1000;

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
 * Pipelined, because the file is bound by this process's one thread: the next page is read while
 * the current one is opened and written, and a chunk's data keys load while the previous chunk is
 * decrypted. At most three pool connections per file (one page read, two key loads).
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

  /** The file from the day's rows, opening every recipient through the vault. */
  async *computedChunks(scope: ReportScopeOf, { pageSize = PAGE_SIZE, decryptChunk = DECRYPT_CHUNK }: MovementFilePaging = {}): AsyncGenerator<Buffer> {
    yield Buffer.from(MOVEMENT_FILE_HEADER, 'utf8');
    const writer = new MovementRowWriter();
    let page = started(this.page(scope, '0', pageSize));
    for (;;) {
      const rows = await page;
      if (rows.length === 0) return;
      const more = rows.length === pageSize;
      if (more) page = started(this.page(scope, rows[rows.length - 1].seq, pageSize));
      const recipients = await this.open(rows, decryptChunk);
      let text = '';
      for (let i = 0; i < rows.length; i++) text += writer.row(rows[i], recipients[i]);
      yield Buffer.from(text, 'utf8');
      if (!more) return;
    }
  }

  private page(scope: ReportScopeOf, after: string, pageSize: number): Promise<MovementPageRow[]> {
    return this.rows.page(scope, after, pageSize);
  }

  /** The page's recipients in clear, `decryptChunk` per vault call, the next call's key load in flight (keys not cached). */
  private async open(rows: MovementPageRow[], decryptChunk: number): Promise<string[]> {
    const opened: string[] = [];
    let previous: Promise<string[]> | undefined;
    for (let start = 0; start < rows.length; start += decryptChunk) {
      const next = started(this.rows.openRecipients(rows.slice(start, start + decryptChunk).map((row) => row.recipient)));
      if (previous) opened.push(...(await previous));
      previous = next;
    }
    if (previous) opened.push(...(await previous));
    return opened;
  }
}
