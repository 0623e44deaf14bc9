import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson } from '@iys/platform/building-blocks';
import { canonicalEventBytes, parseStreamId, type JsonObject } from '@iys/platform/event-store';
import { EVENT_TYPE, EventFactory, toAppendRequest } from './consent-payload.js';
import { copyLine, copyTextField } from './copy-rows.js';
import { splicedCanonicalEvent } from './variants/spliced-envelope.js';

// The benchmark's inputs, not its timings: what it writes must be what the store accepts.
describe('benchmark inputs', () => {
  const [event] = new EventFactory().take(1);

  it('makes consent-like events of about 300 bytes with a valid stream id and type', () => {
    const bytes = Buffer.byteLength(JSON.stringify(event.data));
    expect(bytes).toBeGreaterThan(280);
    expect(bytes).toBeLessThan(420);
    expect(parseStreamId(event.streamId)).toEqual({ category: 'consent', shardKey: event.shardKey });
    expect(event.data).toMatchObject({ type: 'MESAJ', recipientType: 'BIREYSEL', status: 'ONAY', source: 'HS_WEB' });
    expect(Object.keys(event.data.recipient as object)).toEqual(['$enc', 'kid', 'iv', 'ct', 'tag']);
    expect(toAppendRequest(event, true)).toMatchObject({ expectedVersion: 'no_stream', commandId: event.commandId, events: [{ type: EVENT_TYPE }] });
    expect(toAppendRequest(event, false).commandId).toBeUndefined();
  });

  it('escapes COPY text fields and writes the eleven columns of a row', () => {
    expect(copyTextField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    const line = copyLine(event, '2026-11-23T08:00:00.000Z');
    expect(line.endsWith('\n')).toBe(true);
    const fields = line.slice(0, -1).split('\t');
    expect(fields).toHaveLength(11);
    expect(fields[10]).toBe(`\\\\x${event.hash.toString('hex')}`);
    expect(JSON.parse(fields[6])).toEqual(event.data);
  });

  it('splices the very bytes canonicalEventBytes hashes (the analysis variants rely on it)', () => {
    const json = fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<JsonObject>;
    fc.assert(
      fc.property(json, json, fc.string(), fc.integer({ min: 1, max: 1e9 }), fc.date({ noInvalidDate: true }), (data, metadata, eventId, position, at) => {
        const event = { streamId: 'consent-x', streamPosition: position, eventId, type: EVENT_TYPE, schemaVersion: 2, data, metadata, occurredAt: at, recordedAt: at };
        const spliced = splicedCanonicalEvent({
          ...event,
          dataJson: canonicalJson(data),
          metadataJson: canonicalJson(metadata),
          occurredAtIso: at.toISOString(),
          recordedAtIso: at.toISOString(),
        });
        expect(spliced).toBe(canonicalEventBytes(event).toString('utf8'));
      }),
    );
  });
});
