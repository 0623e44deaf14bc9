import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fastify, type FastifyInstance } from 'fastify';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { roundSizes, timedRounds } from '../store/bench-utils.js';
import { CURRENT_CONSENT_COLUMNS, currentConsentCopyLine, makeCopyRows, type CopyRow } from './consent-inputs.js';

/**
 * (a) The physical limit of the ingest: `total` current-consent rows COPYed into a table shaped like
 * consent.current_consent (same columns, types, primary key and index; LIKE … INCLUDING ALL), in
 * chunks, one connection. Each chunk's rows are made before its timer starts and serialised while
 * they stream, as a bulk loader's would. Returns the summed time of the chunks in ms.
 */
export async function copyBaseline(pool: pg.Pool, total: number, chunk: number, brandCode: number, iysCode: number): Promise<number> {
  await pool.query('CREATE SCHEMA IF NOT EXISTS bench');
  await pool.query('CREATE TABLE bench.current_consent_copy (LIKE consent.current_consent INCLUDING ALL)');
  const consentDate = new Date(Date.now() - 2 * 3600_000).toISOString();
  const client = await pool.connect();
  try {
    const copy = async (rows: CopyRow[]) => {
      const creationDate = new Date().toISOString();
      function* lines(): Generator<string> {
        for (let start = 0; start < rows.length; start += 500) {
          let text = '';
          const end = Math.min(rows.length, start + 500);
          for (let i = start; i < end; i++) text += currentConsentCopyLine(rows[i], brandCode, iysCode, consentDate, creationDate);
          yield text;
        }
      }
      await pipeline(Readable.from(lines()), client.query(copyStreams.from(`COPY bench.current_consent_copy (${CURRENT_CONSENT_COLUMNS}) FROM STDIN`)));
    };
    await copy(makeCopyRows(Math.min(chunk, 2000))); // warm-up
    await client.query('TRUNCATE bench.current_consent_copy');
    const sizes = roundSizes(total, chunk);
    const ms = await timedRounds(sizes.length, (round) => makeCopyRows(sizes[round]), copy);
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM bench.current_consent_copy');
    if (rows[0].n !== total) throw new Error(`COPY baseline wrote ${rows[0].n} rows, expected ${total}`);
    return ms;
  } finally {
    client.release();
  }
}

export const BARE_STATUS_PATH = (iysCode: number, brandCode: number) => `/sps/${iysCode}/brands/${brandCode}/consents/status-by-id`;

/**
 * (b) The bare route: plain Fastify (no Nest, no perimeter, no validation pipe, no vault) doing C2's
 * primary-key lookup against consent.current_consent by recipient id, on a pool of the API's size,
 * answering the same fields. What an HTTP status check costs on this machine before any of ours.
 */
export async function startBareStatusServer(pool: pg.Pool): Promise<{ port: number; server: FastifyInstance }> {
  const server = fastify({ logger: false });
  server.post<{ Params: { iysCode: string; brandCode: string }; Body: { recipientId: string; recipientType: string; type: string } }>(
    '/sps/:iysCode/brands/:brandCode/consents/status-by-id',
    async (request, reply) => {
      const { recipientId, recipientType, type } = request.body;
      const { rows } = await pool.query<{
        status: string;
        consent_date: Date;
        source: string;
        retailer_code: number | null;
        retailer_access: number[];
        creation_date: Date;
        transaction_id: string;
      }>(
        `SELECT status, consent_date, source, retailer_code, retailer_access, creation_date, transaction_id
           FROM consent.current_consent
          WHERE brand_code = $1 AND iys_code = $2 AND type = $3 AND recipient_type = $4 AND recipient_id = $5`,
        [Number(request.params.brandCode), Number(request.params.iysCode), type, recipientType, recipientId],
      );
      if (rows.length === 0) return reply.code(404).send({ errors: [{ code: 'H641' }] });
      const row = rows[0];
      return {
        type,
        source: row.source,
        recipientId,
        recipientType,
        status: row.status,
        consentDate: formatIysDateTime(row.consent_date),
        creationDate: formatIysDateTime(row.creation_date),
        retailerCode: row.retailer_code,
        retailerAccess: row.retailer_access,
        transactionId: row.transaction_id,
      };
    },
  );
  await server.listen({ port: 0, host: '127.0.0.1' });
  return { port: (server.server.address() as AddressInfo).port, server };
}
