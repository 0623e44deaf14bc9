import { randomBytes, randomUUID } from 'node:crypto';
import type { AppendRequest, EventMetadata, JsonObject } from '@iys/platform/event-store';

/** The one event type every workload writes (a consent recorded as approved). */
export const EVENT_TYPE = 'consent.ConsentApproved';

/**
 * One consent-like event, made before any timer starts so that every workload (COPY, our store,
 * Emmett) pays for the same bytes and none pays for making them.
 */
export interface BenchEvent {
  /** `consent-<uuid>`: a new stream per event. */
  streamId: string;
  shardKey: string;
  eventId: string;
  commandId: string;
  data: JsonObject;
  metadata: EventMetadata;
  occurredAt: Date;
  /** 32 bytes shaped like a chain hash; only the COPY rows use it (the store computes its own). */
  hash: Buffer;
}

const BRANDS = ['600123', '600457', '601002', '612345', '633210', '640001', '655555', '698765'];

/**
 * ~300 bytes of JSON, as a consent approval carries: brand, recipient, consent kind, status, source,
 * the business date, and the recipient address encrypted as the PII envelope stores it
 * (`{ $enc, kid, iv, ct, tag }`, docs/adr/0005) so that no address ever appears in clear.
 */
export function consentData(recipientId: string, consentDate: Date, kid: string): JsonObject {
  return {
    brandCode: BRANDS[recipientId.charCodeAt(0) % BRANDS.length],
    recipientId,
    type: 'MESAJ',
    recipientType: 'BIREYSEL',
    status: 'ONAY',
    source: 'HS_WEB',
    consentDate: consentDate.toISOString().slice(0, 19).replace('T', ' '),
    recipient: {
      $enc: 'v1',
      kid,
      iv: randomBytes(12).toString('base64'),
      ct: randomBytes(20).toString('base64'),
      tag: randomBytes(16).toString('base64'),
    },
  };
}

const KEY_ID = randomUUID();
const BASE_TIME = Date.parse('2026-11-23T08:00:00.000Z');

export function makeEvent(sequence: number): BenchEvent {
  const recipientId = randomUUID();
  const commandId = randomUUID();
  const occurredAt = new Date(BASE_TIME - (sequence % 86_400) * 1000);
  return {
    streamId: `consent-${recipientId}`,
    shardKey: recipientId,
    eventId: randomUUID(),
    commandId,
    data: consentData(recipientId, occurredAt, KEY_ID),
    metadata: { commandId, actorKind: 'service-provider', actorId: `sp-${BRANDS[sequence % BRANDS.length]}`, channel: 'api' },
    occurredAt,
    hash: randomBytes(32),
  };
}

/** A generator of events whose sequence numbers keep growing across calls. */
export class EventFactory {
  private next = 0;

  take(count: number): BenchEvent[] {
    const events = new Array<BenchEvent>(count);
    for (let i = 0; i < count; i++) events[i] = makeEvent(this.next++);
    return events;
  }
}

/**
 * The append request a command handler would make for one new consent: the stream must not exist,
 * and the command id makes a retried request idempotent (it is also in the metadata).
 */
export function toAppendRequest(event: BenchEvent, withCommandId: boolean): AppendRequest {
  return {
    streamId: event.streamId,
    expectedVersion: 'no_stream',
    commandId: withCommandId ? event.commandId : undefined,
    events: [{ type: EVENT_TYPE, data: event.data, metadata: event.metadata, occurredAt: event.occurredAt, eventId: event.eventId }],
  };
}
