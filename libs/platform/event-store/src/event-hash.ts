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
  return Buffer.from(
    `{"data":${e.dataJson},"eventId":${JSON.stringify(e.eventId)},"metadata":${e.metadataJson},` +
      `"occurredAt":${JSON.stringify(e.occurredAtIso)},"recordedAt":${JSON.stringify(e.recordedAtIso)},"schemaVersion":${e.schemaVersion},` +
      `"streamId":${JSON.stringify(e.streamId)},"streamPosition":${e.streamPosition},"type":${JSON.stringify(e.type)}}`,
    'utf8',
  );
}
