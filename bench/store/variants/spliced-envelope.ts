/**
 * Analysis only — the string `canonicalEventBytes` hashes, built by splicing instead of by
 * canonicalising a fresh envelope object: the envelope's keys are fixed, so their sorted order is
 * known (data, eventId, metadata, occurredAt, recordedAt, schemaVersion, streamId, streamPosition,
 * type), and `data` / `metadata` arrive already in canonical JSON — which is also exactly what can
 * be stored, so nothing is serialised twice. Timestamps are the ISO strings that were hashed.
 */
export interface SplicedEvent {
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  /** canonicalJson(data) */
  dataJson: string;
  /** canonicalJson(metadata) */
  metadataJson: string;
  occurredAtIso: string;
  recordedAtIso: string;
}

export function splicedCanonicalEvent(e: SplicedEvent): string {
  return (
    `{"data":${e.dataJson},"eventId":${JSON.stringify(e.eventId)},"metadata":${e.metadataJson},` +
    `"occurredAt":${JSON.stringify(e.occurredAtIso)},"recordedAt":${JSON.stringify(e.recordedAtIso)},"schemaVersion":${e.schemaVersion},` +
    `"streamId":${JSON.stringify(e.streamId)},"streamPosition":${e.streamPosition},"type":${JSON.stringify(e.type)}}`
  );
}
