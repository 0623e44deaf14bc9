import { hash } from 'node:crypto';
import { canonicalJson } from '@iys/platform/building-blocks';
import { GENESIS_HASH } from './event-hash.js';
import { canonicalJsonOfText, isoFromUtcTimestampText, JsonbText, PG_UTC_TIMESTAMP } from './stored-event-text.js';

/*
 * The chain check itself, on whichever thread runs it (docs/adr/0068). Everything a worker needs is
 * in this file and in stored-event-text.ts and is sent to it as source (`chainWorkerSource`), so
 * nothing here may use a binding the worker's script does not declare: no const enum, no imported
 * helper that is not listed there.
 */

export interface BrokenLink {
  streamId: string;
  /** Position where the chain first fails (for a missing tail: the stream's recorded version). */
  streamPosition: number;
  globalPosition?: bigint;
  reason: 'hash-mismatch' | 'position-gap' | 'head-mismatch';
}

export interface VerificationReport {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  /** The first broken link in stream-id order, if any. */
  firstBroken?: BrokenLink;
}

/** Column order of a chain row (the verifier's SELECT list, the stream head's two columns last). */
export const Col = {
  StreamId: 0,
  StreamPosition: 1,
  GlobalPosition: 2,
  EventId: 3,
  EventType: 4,
  SchemaVersion: 5,
  Data: 6,
  Metadata: 7,
  OccurredAt: 8,
  RecordedAt: 9,
  Hash: 10,
  HeadVersion: 11,
  HeadHash: 12,
} as const;

/** A row as the text PostgreSQL prints each value (null for SQL NULL). */
export type TextRow = (string | null)[];

export interface Head {
  version: number;
  /** `\x…` hex, as PostgreSQL prints bytea. */
  lastHash: string;
}

/** Where the hashed input is assembled: the previous hash (32 bytes) then the event's canonical bytes; grows as needed. */
export class HashInput {
  private buffer = Buffer.allocUnsafe(64 * 1024);

  /** SHA-256(previous ‖ canonical), as lower-case hex; `previousHex` is the previous hash in hex. */
  digest(previousHex: string, canonical: string): string {
    const room = 32 + canonical.length * 3;
    if (room > this.buffer.length) this.buffer = Buffer.allocUnsafe(room * 2);
    this.buffer.write(previousHex, 0, 32, 'hex');
    const length = 32 + this.buffer.write(canonical, 32, 'utf8');
    return hash('sha256', this.buffer.subarray(0, length), 'hex');
  }
}

export const GENESIS_HEX = GENESIS_HASH.toString('hex');

/**
 * The canonical event bytes (`canonicalEventBytes`: the envelope's keys in their sorted order, as
 * `splicedEventBytes` builds them) from a stored row's text; undefined when a timestamp cannot be
 * what the append hashed.
 */
export function canonicalEventText(row: TextRow): string | undefined {
  const occurredAt = isoFromUtcTimestampText(row[Col.OccurredAt] as string);
  const recordedAt = isoFromUtcTimestampText(row[Col.RecordedAt] as string);
  if (occurredAt === undefined || recordedAt === undefined) return undefined;
  return (
    `{"data":${canonicalJsonOfText(row[Col.Data] as string)},"eventId":${JSON.stringify(row[Col.EventId])},` +
    `"metadata":${canonicalJsonOfText(row[Col.Metadata] as string)},"occurredAt":"${occurredAt}","recordedAt":"${recordedAt}",` +
    `"schemaVersion":${Number(row[Col.SchemaVersion])},"streamId":${JSON.stringify(row[Col.StreamId])},` +
    `"streamPosition":${Number(row[Col.StreamPosition])},"type":${JSON.stringify(row[Col.EventType])}}`
  );
}

/** A bytea as PostgreSQL prints it (`\x` and lower-case hex) against a digest in lower-case hex. */
export function sameHash(byteaText: string, hex: string): boolean {
  return byteaText.length === hex.length + 2 && byteaText.endsWith(hex) && byteaText.startsWith('\\x');
}

/** The stream head a chain row carries (its LEFT JOIN columns), undefined when the head is missing. */
export function headOfRow(row: TextRow): Head | undefined {
  const headHash = row[Col.HeadHash];
  return headHash === null || headHash === undefined ? undefined : { version: Number(row[Col.HeadVersion]), lastHash: headHash };
}

/** Incremental chain check over rows arriving in (stream_id, stream_position) order. */
export class ChainChecker {
  broken?: BrokenLink;
  eventsChecked = 0;
  streamsChecked = 0;
  private currentStream?: string;
  private currentHead?: Head;
  private expectedPosition = 1;
  /** Lower-case hex, as `\x…` bytea text reads after its prefix. */
  private previousHash = GENESIS_HEX;
  private readonly input = new HashInput();

  /**
   * Continues a chain after `row`, the last row of the batch before, which that batch verified: its
   * stored hash is then exactly the hash computed for it, so the next row chains onto it. Neither
   * the row nor its stream is counted again.
   */
  resumeAfter(row: TextRow, head: Head | undefined): void {
    this.currentStream = row[Col.StreamId] as string;
    this.currentHead = head;
    this.expectedPosition = Number(row[Col.StreamPosition]) + 1;
    this.previousHash = (row[Col.Hash] as string).slice(2);
  }

  accept(row: TextRow, head?: Head): void {
    if (this.broken) return;
    const streamId = row[Col.StreamId] as string;
    if (streamId !== this.currentStream) {
      if (this.currentStream !== undefined) this.closeStream();
      if (this.broken) return;
      this.currentStream = streamId;
      this.currentHead = head;
      this.expectedPosition = 1;
      this.previousHash = GENESIS_HEX;
      this.streamsChecked += 1;
    }
    const position = Number(row[Col.StreamPosition]);
    if (position !== this.expectedPosition) {
      this.markBroken({ streamId, streamPosition: this.expectedPosition, globalPosition: BigInt(row[Col.GlobalPosition] as string), reason: 'position-gap' });
      return;
    }
    const canonical = canonicalEventText(row);
    const digest = canonical === undefined ? undefined : this.input.digest(this.previousHash, canonical);
    if (digest === undefined || !sameHash(row[Col.Hash] as string, digest)) {
      this.markBroken({ streamId, streamPosition: position, globalPosition: BigInt(row[Col.GlobalPosition] as string), reason: 'hash-mismatch' });
      return;
    }
    this.previousHash = digest;
    this.expectedPosition += 1;
    this.eventsChecked += 1;
  }

  /** Ends the current stream: its head must point at the last verified event. */
  closeStream(head: Head | undefined = this.currentHead): void {
    if (this.broken || (this.currentStream === undefined && head === undefined)) return;
    const streamId = this.currentStream ?? '';
    const lastPosition = this.expectedPosition - 1;
    if (!head || head.version !== lastPosition || !sameHash(head.lastHash, this.previousHash)) {
      this.markBroken({ streamId, streamPosition: head ? head.version : lastPosition, reason: 'head-mismatch' });
    }
    this.currentStream = undefined;
    this.currentHead = undefined;
  }

  markBroken(link: BrokenLink): void {
    this.broken ??= link;
  }

  report(): VerificationReport {
    return { ok: !this.broken, streamsChecked: this.streamsChecked, eventsChecked: this.eventsChecked, firstBroken: this.broken };
  }
}

/** One value of a `COPY … TO STDOUT` text row: `\N` is NULL, backslash escapes undone (COPY TO writes no octal ones). */
export function copyField(text: string): string | null {
  if (text.indexOf('\\') < 0) return text;
  if (text === '\\N') return null;
  // A bytea in hex (`\\x…` as copied): only its backslash is escaped.
  if (text.charCodeAt(0) === 0x5c && text.charCodeAt(1) === 0x5c && text.charCodeAt(2) === 0x78 && text.indexOf('\\', 2) < 0) return text.slice(1);
  return text.replace(/\\(.)/gs, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === 'b' ? '\b' : c === 'f' ? '\f' : c === 'v' ? '\v' : c));
}

/**
 * A batch of the verifier's COPY output: whole rows (each ending with a newline), the first of them
 * the previous batch's last row when `resume` is set (already verified there; the chain continues
 * from it), the last stream closed against its head when `final` is set. What this batch adds to
 * the counts, and its first broken link.
 */
export interface CopyBatch {
  bytes: Uint8Array;
  resume: boolean;
  final: boolean;
}

export function checkCopyBatch({ bytes, resume, final }: CopyBatch): VerificationReport {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const checker = new ChainChecker();
  let at = 0;
  let first = resume;
  while (at < text.length && !checker.broken) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const row = text.slice(at, end).split('\t').map(copyField);
    at = end + 1;
    if (first) checker.resumeAfter(row, headOfRow(row));
    else checker.accept(row, headOfRow(row));
    first = false;
  }
  if (final) checker.closeStream();
  return checker.report();
}

/** The worker's script: `checkCopyBatch` and everything it calls, from their own source. */
export function chainWorkerSource(): string {
  return [
    `const { hash } = require('node:crypto');`,
    `const GENESIS_HEX = ${JSON.stringify(GENESIS_HEX)};`,
    `const Col = ${JSON.stringify(Col)};`,
    `const PG_UTC_TIMESTAMP = ${PG_UTC_TIMESTAMP.toString()};`,
    ...[canonicalJson, JsonbText, canonicalJsonOfText, isoFromUtcTimestampText, HashInput, canonicalEventText, sameHash, headOfRow, ChainChecker, copyField, checkCopyBatch].map(String),
    `function handle(input) { return { output: checkCopyBatch(input) }; }`,
  ].join('\n');
}
