import { createHash } from 'node:crypto';
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
  return createHash('sha256').update(previousHash).update(canonicalBytes).digest();
}
