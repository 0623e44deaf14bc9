/** JSON values only: payloads are stored as jsonb and hashed in canonical form. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };
export type JsonObject = { [key: string]: JsonValue | undefined };

/**
 * Who acted and how. Metadata never carries personal data: actors are opaque ids, never an
 * address (docs/adr/0005).
 */
export interface EventMetadata extends JsonObject {
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  requestId?: string;
  actorKind?: 'service-provider' | 'integrator' | 'dealer' | 'recipient' | 'authority' | 'admin' | 'call-centre-agent' | 'system';
  actorId?: string;
  channel?: string;
}

export interface NewEvent<Data extends JsonObject = JsonObject> {
  /** Stable type string, e.g. `consent.ConsentApproved`; never a class name. */
  type: string;
  schemaVersion?: number;
  data: Data;
  metadata?: EventMetadata;
  /** Business time (e.g. İYS consentDate); defaults to the recording time. */
  occurredAt?: Date;
  eventId?: string;
}

export interface RecordedEvent<Data extends JsonObject = JsonObject> {
  globalPosition: bigint;
  transactionId: bigint;
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  occurredAt: Date;
  recordedAt: Date;
  hash: Buffer;
}

/**
 * `no_stream`: the stream must not exist; `exists`: it must; `any`: no check; a number: the
 * stream's current version must equal it (0 means it does not exist yet).
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'exists' | number;

export interface AppendRequest {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
  /** Idempotency key: appending the same command id again returns the first outcome. */
  commandId?: string;
  /**
   * The hash of the stream's event at `expectedVersion` (a number), when the caller has just read it:
   * the store then chains from it without reading and locking the head first, and the head's own
   * check (version and hash, in the write itself) refuses the append if the stream moved meanwhile.
   */
  previousHash?: Buffer;
}

export interface AppendResult {
  streamId: string;
  nextExpectedVersion: number;
  eventIds: string[];
  globalPositions: bigint[];
  /** When the registry recorded the events (İYS creationDate). */
  recordedAt: Date;
  /** True when the command id had already been processed: nothing new was written. */
  duplicate: boolean;
}

/** A point in the global commit order. */
export interface LogPosition {
  transactionId: bigint;
  globalPosition: bigint;
}

export const LOG_START: LogPosition = { transactionId: 0n, globalPosition: 0n };

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.globalPosition !== b.globalPosition) return a.globalPosition < b.globalPosition ? -1 : 1;
  return 0;
}

export function positionOf(event: Pick<RecordedEvent, 'transactionId' | 'globalPosition'>): LogPosition {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}
