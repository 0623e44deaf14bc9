import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
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

/**
 * Every row the registry keeps for an ingested consent (issue 17): the event, its stream's head, the
 * current consent, the change-feed row, the daily-movement row and the vault's two rows (subject key,
 * address pseudonym). Not kept for good, so not here: the batch queue's rows and the pending notices.
 */
export const REGISTRY_TABLES = [
  'event_store.events',
  'event_store.streams',
  'consent.current_consent',
  'consent.changes',
  'reconciliation.daily_movements',
  'pii.subject_keys',
  'pii.recipient_registry',
] as const;

export interface RegistryCopy {
  /** Summed time of the timed COPYs, all tables. */
  ms: number;
  tables: { table: string; rows: number; ms: number }[];
}

/**
 * (a) The physical limit of the ingest: the very rows the registry wrote for the ingest (every table of
 * REGISTRY_TABLES, whole), COPYed again into tables shaped like them (LIKE … INCLUDING ALL: same
 * columns, types, defaults, keys and indexes; no triggers), one connection. Each table is taken in
 * stretches of `blocksPerChunk` pages (a TID range): the stretch is copied out into memory untimed,
 * then COPYed in under the timer, so memory stays bounded at any ingest size and only the writing is
 * measured. Call it once the relaxed projections have caught up (their rows are part of it).
 */
export async function registryCopyBaseline(pool: pg.Pool, blocksPerChunk = 256): Promise<RegistryCopy> {
  await pool.query('CREATE SCHEMA IF NOT EXISTS bench');
  const client = await pool.connect();
  const targets = REGISTRY_TABLES.map((table) => ({ table, copy: `bench.${table.replace('.', '__')}` }));
  try {
    const plans: { table: string; copy: string; columns: string; blocks: number }[] = [];
    for (const { table, copy } of targets) {
      await client.query(`CREATE TABLE ${copy} (LIKE ${table} INCLUDING ALL)`);
      // Generated columns are computed again on the way in, as the registry's own inserts do.
      const { rows: columns } = await client.query<{ name: string }>(
        `SELECT quote_ident(attname) AS name FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
        [table],
      );
      const { rows: size } = await client.query<{ blocks: number }>(
        `SELECT ceil(pg_relation_size($1::regclass)::float8 / current_setting('block_size')::int)::int AS blocks`,
        [table],
      );
      plans.push({ table, copy, columns: columns.map((c) => c.name).join(', '), blocks: size[0].blocks });
    }
    const readStretch = async (plan: { table: string; copy: string; columns: string }, from: number): Promise<Buffer[]> => {
      const chunks: Buffer[] = [];
      const out = client.query(
        copyStreams.to(`COPY (SELECT ${plan.columns} FROM ${plan.table} WHERE ctid >= '(${from},0)'::tid AND ctid < '(${from + blocksPerChunk},0)'::tid) TO STDOUT`),
      );
      for await (const chunk of out) chunks.push(chunk as Buffer);
      return chunks;
    };
    const writeStretch = (plan: { table: string; copy: string; columns: string }, chunks: Buffer[]) =>
      pipeline(Readable.from(chunks), client.query(copyStreams.from(`COPY ${plan.copy} (${plan.columns}) FROM STDIN`)));
    // Warm-up: one stretch of each table, then emptied.
    for (const plan of plans) await writeStretch(plan, await readStretch(plan, 0));
    await client.query(`TRUNCATE ${plans.map((p) => p.copy).join(', ')}`);
    const tables: RegistryCopy['tables'] = [];
    for (const plan of plans) {
      let ms = 0;
      for (let from = 0; from < plan.blocks; from += blocksPerChunk) {
        const chunks = await readStretch(plan, from);
        const started = performance.now();
        await writeStretch(plan, chunks);
        ms += performance.now() - started;
      }
      const { rows: kept } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${plan.table}`);
      const { rows: copied } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${plan.copy}`);
      if (kept[0].n !== copied[0].n) throw new Error(`COPY baseline: ${plan.table} holds ${kept[0].n} rows, ${copied[0].n} copied`);
      tables.push({ table: plan.table, rows: copied[0].n, ms: Math.round(ms * 10) / 10 });
    }
    for (const plan of plans) await client.query(`DROP TABLE ${plan.copy}`);
    return { ms: tables.reduce((n, t) => n + t.ms, 0), tables };
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
