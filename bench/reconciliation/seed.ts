import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import type { PostgresEventStore } from '@iys/platform/event-store';
import { normaliseAddress, type PiiVault } from '@iys/platform/pii';
import { phone } from '../consent/consent-inputs.js';
import { roundSizes } from '../store/bench-utils.js';
import { EventFactory, toAppendRequest } from '../store/consent-payload.js';
import { MOVEMENT_COLUMNS, movementCopyLine, type MovementDay } from './movement-rows.js';

/**
 * How the reconciliation benchmark fills the database. None of it is timed. The movements go into the
 * read model by COPY (the projection's own rows, recipients sealed by the registry's vault); the
 * audited address's events go through the real C1 endpoint; the bulk of the event store through
 * PostgresEventStore.appendBatch, so every hash chain and stream head is real.
 */

/** Registers `day.total` distinct phones (from `firstPhone`) in the vault and COPYs one movement each. */
export async function seedMovementDay(
  pool: pg.Pool,
  vault: PiiVault,
  day: MovementDay,
  { firstPhone, chunk, onProgress }: { firstPhone: number; chunk: number; onProgress?: (done: number) => void },
): Promise<void> {
  const client = await pool.connect();
  try {
    let done = 0;
    for (const size of roundSizes(day.total, chunk)) {
      const addresses = Array.from({ length: size }, (_, k) => normaliseAddress(phone(firstPhone + done + k)));
      const ids = await vault.resolveMany(addresses);
      const sealed = await vault.encryptMany(ids.map((recipientId, k) => ({ recipientId, plaintext: addresses[k].value })));
      const from = done;
      const lines = function* (): Generator<string> {
        for (let k = 0; k < size; k += 500) {
          let text = '';
          for (let j = k; j < Math.min(size, k + 500); j++) text += movementCopyLine({ index: from + j, recipientId: ids[j], recipient: sealed[j] }, day);
          yield text;
        }
      };
      await pipeline(Readable.from(lines()), client.query(copyStreams.from(`COPY reconciliation.daily_movements (${MOVEMENT_COLUMNS}) FROM STDIN`)));
      done += size;
      onProgress?.(done);
    }
    await client.query('ANALYZE reconciliation.daily_movements');
  } finally {
    client.release();
  }
}

/** An event type no projection reads: the bulk of the store only has to carry real hash chains. */
export const FILLER_EVENT_TYPE = 'bench.FillerRecorded';

/** `total` one-event streams of ~350-byte consent-like payloads, appended 1000 streams a call. */
export async function seedFillerEvents(store: PostgresEventStore, total: number, onProgress?: (done: number) => void): Promise<void> {
  const factory = new EventFactory();
  let done = 0;
  for (const size of roundSizes(total, 1000)) {
    await store.appendBatch(
      factory.take(size).map((event) => {
        const request = toAppendRequest(event, false);
        return { ...request, events: request.events.map((e) => ({ ...e, type: FILLER_EVENT_TYPE })) };
      }),
    );
    done += size;
    onProgress?.(done);
  }
}

export interface HistorySeed {
  port: number;
  token: string;
  iysCode: number;
  brandCodes: number[];
  address: string;
  events: number;
}

/**
 * `events` changes of one address through C1, spread over every brand × ARAMA/MESAJ × BIREYSEL/TACIR
 * stream (ONAY, RET, ONAY, … each a second after the last), streams in parallel. Returns the streams used.
 */
export async function seedHistory(seed: HistorySeed): Promise<number> {
  const streams = seed.brandCodes.flatMap((brandCode) =>
    (['ARAMA', 'MESAJ'] as const).flatMap((type) => (['BIREYSEL', 'TACIR'] as const).map((recipientType) => ({ brandCode, type, recipientType }))),
  );
  const start = Date.now() - 3 * 3600_000;
  await Promise.all(
    streams.map(async (stream, s) => {
      const count = Math.floor(seed.events / streams.length) + (s < seed.events % streams.length ? 1 : 0);
      for (let k = 0; k < count; k++) {
        const consentDate = new Date(start + k * 1000);
        const response = await fetch(`http://127.0.0.1:${seed.port}/sps/${seed.iysCode}/brands/${stream.brandCode}/consents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${seed.token}` },
          body: JSON.stringify({
            recipient: seed.address,
            recipientType: stream.recipientType,
            type: stream.type,
            status: k % 2 === 0 ? 'ONAY' : 'RET',
            source: 'HS_WEB',
            consentDate: formatIysDateTime(consentDate),
          }),
        });
        if (response.status !== 200) throw new Error(`history seed: C1 answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      }
    }),
  );
  return streams.length;
}
