import { hash } from 'node:crypto';
import { canonicalJson } from '@iys/platform/building-blocks';
import type { EventMetadata, JsonObject } from './event-store.types.js';

/** The chain's anchor: the "previous hash" of a stream's first event. */
export const GENESIS_HASH = Buffer.alloc(32);

export interface HashableEvent {
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: EventMetadata;
  occurredAt: Date;
  recordedAt: Date;
}

/**
 * Everything that makes an event what it is, in canonical JSON. Positions in the global log are
 * left out on purpose: they are assigned by the database and can differ after a restore, while
 * the chain must stay verifiable (docs/adr/0007).
 */
export function canonicalEventBytes(event: HashableEvent): Buffer {
  return Buffer.from(
    canonicalJson({
      streamId: event.streamId,
      streamPosition: event.streamPosition,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      occurredAt: event.occurredAt.toISOString(),
      recordedAt: event.recordedAt.toISOString(),
    }),
    'utf8',
  );
}

/** hash = SHA-256(previous hash of the stream ‖ canonical event bytes). */
export function chainHash(previousHash: Buffer, canonicalBytes: Buffer): Buffer {
  // One-shot hashing: a third cheaper per event than a Hash object fed twice (same digest).
  return hash('sha256', Buffer.concat([previousHash, canonicalBytes]), 'buffer');
}

/** An event's parts as the append has them: data and metadata already in canonical JSON, timestamps as ISO strings. */
export interface SerialisedEvent {
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  /** canonicalJson(data): also what is stored, so nothing is serialised twice. */
  dataJson: string;
  /** canonicalJson(metadata) */
  metadataJson: string;
  occurredAtIso: string;
  recordedAtIso: string;
}

/**
 * The same bytes as `canonicalEventBytes`, spliced instead of canonicalising a fresh envelope: the
 * envelope's keys are fixed, so their sorted order is known (data, eventId, metadata, occurredAt,
 * recordedAt, schemaVersion, streamId, streamPosition, type), and data and metadata arrive in
 * canonical JSON already. The property test in event-hash.unit.spec.ts holds the two together.
 */
export function splicedEventBytes(e: SerialisedEvent): Buffer {
  return Buffer.from(splicedEnvelope(e), 'utf8');
}

/**
 * `splicedEventBytes` as a string. The ids, type and timestamps are quoted without JSON.stringify
 * when they are printable ASCII without `"` or `\` (always so for stream ids, types and ISO
 * timestamps, which are checked before an append; and for UUIDs): the same text, for a tenth of
 * the work.
 */
export function splicedEnvelope(e: SerialisedEvent): string {
  return (
    '{"data":' + e.dataJson + ',"eventId":' + quoted(e.eventId) + ',"metadata":' + e.metadataJson +
    ',"occurredAt":' + quoted(e.occurredAtIso) + ',"recordedAt":' + quoted(e.recordedAtIso) + ',"schemaVersion":' + e.schemaVersion +
    ',"streamId":' + quoted(e.streamId) + ',"streamPosition":' + e.streamPosition + ',"type":' + quoted(e.type) + '}'
  );
}

/** Printable ASCII other than `"` and `\`: what JSON.stringify leaves as it is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function quoted(value: string): string {
  return PLAIN.test(value) ? '"' + value + '"' : JSON.stringify(value);
}

/** Grown as needed and reused: the chain hash's input is written into it, never allocated per event. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * `chainHash(previousHash, Buffer.from(envelope))` without building either buffer: the previous hash
 * and the envelope's UTF-8 are written once into one reused buffer and hashed in one shot.
 */
export function chainHashOfEnvelope(previousHash: Buffer, envelope: string): Buffer {
  const most = previousHash.length + envelope.length * 3;
  if (scratch.length < most) scratch = Buffer.allocUnsafe(Math.max(most, scratch.length * 2));
  previousHash.copy(scratch, 0);
  const written = scratch.write(envelope, previousHash.length, 'utf8');
  return hash('sha256', scratch.subarray(0, previousHash.length + written), 'buffer');
}
