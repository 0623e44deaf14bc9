import type { EventMetadata, JsonObject, RecordedEvent } from './event-store.types.js';
import type { UpcasterRegistry } from './upcaster-registry.js';

// Aliases never reuse a column name: ORDER BY would bind to the text alias and sort xids as strings.
export const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id_text, stream_id, stream_position,
  event_id, event_type, schema_version, data, metadata, occurred_at, recorded_at, hash`;

export interface EventRow {
  global_position: string;
  transaction_id_text: string;
  stream_id: string;
  stream_position: string;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: JsonObject;
  metadata: EventMetadata;
  occurred_at: Date;
  recorded_at: Date;
  hash: Buffer;
}

export function toRecordedEvent(row: EventRow, upcasters?: UpcasterRegistry): RecordedEvent {
  const upcast = upcasters
    ? upcasters.upcast(row.event_type, row.schema_version, row.data)
    : { schemaVersion: row.schema_version, data: row.data };
  return {
    globalPosition: BigInt(row.global_position),
    transactionId: BigInt(row.transaction_id_text),
    streamId: row.stream_id,
    streamPosition: Number(row.stream_position),
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: upcast.schemaVersion,
    data: upcast.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    hash: row.hash,
  };
}
