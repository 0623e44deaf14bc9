import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson } from '@iys/platform/building-blocks';
import { createHash } from 'node:crypto';
import { canonicalEventBytes, chainHash, chainHashOfEnvelope, splicedEventBytes } from './event-hash.js';
import type { EventMetadata, JsonObject } from './event-store.types.js';

const date = fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('2999-12-31T23:59:59.999Z'), noInvalidDate: true });

describe('splicedEventBytes', () => {
  it('gives exactly the bytes of canonicalEventBytes for any event', () => {
    fc.assert(
      fc.property(
        fc.record({
          streamId: fc.string(),
          streamPosition: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          eventId: fc.uuid(),
          type: fc.string(),
          schemaVersion: fc.integer({ min: 1, max: 32767 }),
          data: fc.dictionary(fc.string(), fc.jsonValue()),
          metadata: fc.dictionary(fc.string(), fc.jsonValue()),
          occurredAt: date,
          recordedAt: date,
        }),
        (event) => {
          const data = event.data as JsonObject;
          const metadata = event.metadata as EventMetadata;
          const spliced = splicedEventBytes({
            ...event,
            dataJson: canonicalJson(data),
            metadataJson: canonicalJson(metadata),
            occurredAtIso: event.occurredAt.toISOString(),
            recordedAtIso: event.recordedAt.toISOString(),
          });
          expect(spliced.toString('utf8')).toBe(canonicalEventBytes({ ...event, data, metadata }).toString('utf8'));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('chains with the digest the chain always had: SHA-256 of the previous hash then the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 2000 }), (previous, bytes) => {
        const expected = createHash('sha256').update(previous).update(bytes).digest();
        expect(chainHash(Buffer.from(previous), Buffer.from(bytes)).equals(expected)).toBe(true);
      }),
    );
  });

  it('hashes an envelope from its reused buffer to the digest of the previous hash then its UTF-8, however long', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.tuple(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.integer({ min: 20_000, max: 24_000 })).map(([s, n]) => `🙂${s}`.repeat(n))), (previous, envelope) => {
        const expected = chainHash(Buffer.from(previous), Buffer.from(envelope, 'utf8'));
        expect(chainHashOfEnvelope(Buffer.from(previous), envelope).equals(expected)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
