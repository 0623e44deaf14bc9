/**
 * bench:operator's baseline: a bare Fastify route on its own pg pool doing the gate's primary-key
 * lookups (vault registry by pseudonym, then `consent.current_consent`), one statement per call.
 * It runs on a worker thread of its own, so that it shares no event loop with the bench's client —
 * as the gate, in its own process, shares none.
 */
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Fastify from 'fastify';
import { createPool } from '@iys/platform/database';

interface BareLookupSettings {
  bareLookup: true;
  url: string;
  poolSize: number;
}

export interface BareLookupServer {
  port: number;
  close(): Promise<void>;
}

export async function startBareLookupServer(url: string, poolSize: number): Promise<BareLookupServer> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { bareLookup: true, url, poolSize } satisfies BareLookupSettings });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the bare route's thread exited (${code}) before it listened`)));
  });
  return {
    port,
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

async function serve({ url, poolSize }: BareLookupSettings): Promise<void> {
  const pool = createPool({ url, size: poolSize, applicationName: 'iys-bench-bare' });
  const bare = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  // The pseudonyms are pre-computed by the client; no normalising, hashing, auth or rules.
  bare.post('/lookup', async (request) => {
    const body = request.body as { digests: string[]; brandCode: number; type: string };
    const { rows } = await pool.query<{ status: string | null; recipient_type: string | null }>(
      `SELECT c.status, c.recipient_type FROM unnest($1::text[]) WITH ORDINALITY AS u(digest, ord)
         LEFT JOIN LATERAL (SELECT recipient_id FROM pii.recipient_registry WHERE address_hmac = decode(u.digest, 'hex') OFFSET 0) r ON true
         LEFT JOIN consent.current_consent c ON c.brand_code = $2 AND c.type = $3 AND c.recipient_type = 'BIREYSEL' AND c.recipient_id = r.recipient_id
        ORDER BY u.ord`,
      [body.digests, body.brandCode, body.type],
    );
    return { items: rows.map((row) => ({ decision: row.status === 'ONAY' ? 'ALLOW' : 'DENY', reason: row.status ?? 'NO_CONSENT', recipientType: row.recipient_type, brandCode: body.brandCode })) };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  parentPort!.once('message', () => {
    void bare
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  });
  parentPort!.postMessage({ port: (bare.server.address() as AddressInfo).port });
}

if (!isMainThread && (workerData as Partial<BareLookupSettings> | null)?.bareLookup) void serve(workerData as BareLookupSettings);
