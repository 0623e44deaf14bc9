/**
 * The operator gate at national volume (docs/benchmarks.md, "Operator gate"): the real API
 * (createHttpApp, as `npm start`) on a registry of BENCH_CONSENTS (default 1 000 000) consents,
 * seeded straight into the read models the gate reads (vault pseudonyms, current consent, a
 * registered sender header; not timed).
 *   - gate: `POST /operators/{oc}/checks` with realistic batches of 1000 (95 % known recipients of
 *     which a tenth RET and a twentieth TACIR, 5 % unknown, half by sender header and half by
 *     brand codes, 5 % transactional), BENCH_IN_FLIGHT calls in flight;
 *   - baseline: a bare Fastify route on its own pg pool doing the same primary-key lookups (vault
 *     registry by pseudonym, then `consent.current_consent`) for the same recipients, pseudonyms
 *     pre-computed by the client, one statement per call;
 *     rounds interleaved (gate, baseline, baseline, gate, …) so both see the same machine;
 *   - scrub: a BENCH_SCRUB-line CSV submitted as a scrub job, timed until completed and until its
 *     result has been streamed back.
 * Prints a table, then one JSON line. A measurement: exits 0 whatever the figures.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { createPool, runMigrations } from '@iys/platform/database';
import { normaliseAddress } from '@iys/platform/pii';
import { allMigrations } from '@iys/composition';
import { onboardOperator, onboardProvider, startApp } from '../consent/app-under-test.js';
import { summarise } from '../consent/consent-inputs.js';
import { StatementTimer } from '../consent/statement-timer.js';
import { openBenchServer } from '../store/bench-server.js';
import { envInt, log, round, runConcurrently } from '../store/bench-utils.js';

const TARGET_CHECKS_PER_SECOND = 100_000;
const TARGET_RATIO = 0.7;
const TARGET_P99_MS = 50;
const TARGET_SCRUB_MS_PER_MILLION = 20_000;
const config = {
  consents: envInt('BENCH_CONSENTS', 1_000_000),
  batch: 1000,
  callsPerRound: envInt('BENCH_CALLS_PER_ROUND', 40),
  rounds: envInt('BENCH_ROUNDS', 4),
  inFlight: envInt('BENCH_IN_FLIGHT', 4),
  scrub: envInt('BENCH_SCRUB', 1_000_000),
  seedChunk: 100_000,
};
const OPERATOR = 77;
const HEADER = 'BENCHHDR';
const phoneOf = (i: number) => `+90539${String(1_000_000 + i)}`;
const unknownPhoneOf = (i: number) => `+90538${String(1_000_000 + i)}`;

/** A deterministic pseudo-random sequence (the same batches every run). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

async function main(): Promise<void> {
  const server = await openBenchServer();
  const loadBefore = os.loadavg().map((l) => round(l, 2));
  try {
    const url = await server.createDatabase('operator');
    await runMigrations(url, allMigrations);
    const api = await startApp(url, process.env.BENCH_LOG_LEVEL ?? 'silent');
    const basePool = createPool({ url, size: api.config.DB_POOL_SIZE, applicationName: 'iys-bench-bare' });
    const bareTimer = new StatementTimer();
    bareTimer.attach(basePool);
    const bare = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
    try {
      const provider = await onboardProvider(api.port);
      const [iysCode, brandCode] = [provider.iysCode, provider.brandCodes[0]!];
      const operatorToken = await onboardOperator(api.port, OPERATOR);

      // Seed: subject keys, address pseudonyms and current consents, in chunks (not timed).
      const seedStart = performance.now();
      for (let from = 0; from < config.consents; from += config.seedChunk) {
        const n = Math.min(config.seedChunk, config.consents - from);
        const chunkIds = Array.from({ length: n }, () => randomUUID());
        const digests = api.vault.digestsOf(Array.from({ length: n }, (_, k) => normaliseAddress(phoneOf(from + k))));
        await api.pool.query(`INSERT INTO pii.subject_keys (recipient_id, wrapped_dek, kek_id) SELECT id, '\\x00'::bytea, 'bench' FROM unnest($1::uuid[]) AS u(id)`, [chunkIds]);
        await api.pool.query(`INSERT INTO pii.recipient_registry (address_hmac, recipient_id) SELECT * FROM unnest($1::bytea[], $2::uuid[])`, [digests, chunkIds]);
        // A tenth RET, a twentieth TACIR, the rest BIREYSEL ONAY.
        await api.pool.query(
          `INSERT INTO consent.current_consent (brand_code, type, recipient_type, recipient_id, iys_code, status, consent_date, source, recipient,
             retailer_access, creation_date, transaction_id, stream_position)
           SELECT $2, 'MESAJ', CASE WHEN ($3 + ord) % 20 = 5 THEN 'TACIR' ELSE 'BIREYSEL' END, id, $4,
                  CASE WHEN ($3 + ord) % 10 = 0 THEN 'RET' ELSE 'ONAY' END, now(), 'HS_WEB', '{}'::jsonb, '{}', now(), gen_random_uuid(), 1
             FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, ord)`,
          [chunkIds, brandCode, from, iysCode],
        );
      }
      await api.pool.query(`INSERT INTO consent.gate_senders (channel, sender_id, iys_code, brand_code) VALUES ('MESAJ', $1, $2, $3)`, [HEADER, iysCode, brandCode]);
      await api.pool.query('VACUUM ANALYZE pii.recipient_registry, pii.subject_keys, consent.current_consent');
      log(`seeded ${config.consents} consents in ${Math.round(performance.now() - seedStart)} ms (${server.kind} PostgreSQL)`);

      // The bare route: the same primary-key lookups (address pseudonym → recipient id → consent) for the
      // same recipients, the pseudonyms pre-computed by the client; no normalising, hashing, auth or rules.
      bare.post('/lookup', async (request) => {
        const body = request.body as { digests: string[]; brandCode: number; type: string };
        const { rows } = await basePool.query<{ status: string | null; recipient_type: string | null }>(
          `SELECT c.status, c.recipient_type FROM unnest($1::text[]) WITH ORDINALITY AS u(digest, ord)
             LEFT JOIN LATERAL (SELECT recipient_id FROM pii.recipient_registry WHERE address_hmac = decode(u.digest, 'hex') OFFSET 0) r ON true
             LEFT JOIN consent.current_consent c ON c.brand_code = $2 AND c.type = $3 AND c.recipient_type = 'BIREYSEL' AND c.recipient_id = r.recipient_id
            ORDER BY u.ord`,
          [body.digests, body.brandCode, body.type],
        );
        return { items: rows.map((row) => ({ decision: row.status === 'ONAY' ? 'ALLOW' : 'DENY', reason: row.status ?? 'NO_CONSENT', recipientType: row.recipient_type, brandCode: body.brandCode })) };
      });
      await bare.listen({ port: 0, host: '127.0.0.1' });
      const barePort = (bare.server.address() as AddressInfo).port;

      // Realistic batches, built before any timing; each gate batch has its baseline twin.
      const random = lcg(15);
      const batchCount = Math.min(64, config.callsPerRound * config.rounds);
      const gateBodies: string[] = [];
      const bareBodies: string[] = [];
      for (let b = 0; b < batchCount; b++) {
        const items = [];
        const batchDigests: string[] = [];
        for (let k = 0; k < config.batch; k++) {
          const known = random() < 0.95;
          const index = Math.floor(random() * config.consents);
          items.push({
            sender: random() < 0.5 ? { senderId: HEADER } : { iysCode, brandCode },
            recipient: known ? phoneOf(index) : unknownPhoneOf(index),
            type: 'MESAJ',
            category: random() < 0.05 ? 'BILGILENDIRME' : 'TICARI',
          });
          batchDigests.push(api.vault.digestsOf([normaliseAddress(known ? phoneOf(index) : unknownPhoneOf(index))])[0]!.toString('hex'));
        }
        gateBodies.push(JSON.stringify({ items }));
        bareBodies.push(JSON.stringify({ digests: batchDigests, brandCode, type: 'MESAJ' }));
      }
      const post = async (port: number, path: string, body: string, token?: string) => {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body,
        });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
        return text;
      };
      const gateCall = (b: number) => post(api.port, `/operators/${OPERATOR}/checks`, gateBodies[b % batchCount]!, operatorToken);
      const bareCall = (b: number) => post(barePort, '/lookup', bareBodies[b % batchCount]!);
      // The answers are right before anything is timed: every item answered, reasons as seeded.
      const sample = JSON.parse(await gateCall(0)) as { items: { reason: string }[] };
      if (sample.items.length !== config.batch) throw new Error(`gate answered ${sample.items.length} items`);
      const reasons = new Map<string, number>();
      for (const item of sample.items) reasons.set(item.reason, (reasons.get(item.reason) ?? 0) + 1);
      log(`a batch's reasons: ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}`);
      for (let w = 0; w < 8; w++) await Promise.all([gateCall(w), bareCall(w)]); // warm-up
      if (process.env.BENCH_EXPLAIN) {
        await explainGate(api.pool, () => gateCall(1));
        await explainGate(basePool, () => bareCall(1));
      }

      const sides = { gate: { ms: 0, calls: [] as number[] }, bare: { ms: 0, calls: [] as number[] } };
      let next = 0;
      const runRound = async (side: 'gate' | 'bare') => {
        const call = side === 'gate' ? gateCall : bareCall;
        const start = performance.now();
        await runConcurrently(Array.from({ length: config.callsPerRound }, () => next++), config.inFlight, async (b) => {
          const t0 = performance.now();
          await call(b);
          sides[side].calls.push(performance.now() - t0);
        });
        sides[side].ms += performance.now() - start;
      };
      api.timer.enabled = true;
      bareTimer.enabled = true;
      for (let r = 0; r < config.rounds; r++) {
        const order: ('gate' | 'bare')[] = r % 2 === 0 ? ['gate', 'bare'] : ['bare', 'gate'];
        for (const side of order) await runRound(side);
      }
      api.timer.enabled = false;
      bareTimer.enabled = false;
      // Where the calls' time went in the database round trips (statements of the API's pool, of the bare pool).
      const statements = (timer: StatementTimer) => {
        const by = new Map<string, { count: number; ms: number }>();
        for (const record of timer.records) {
          const key = record.sql.replace(/\s+/g, ' ').trim().slice(0, 60);
          const entry = by.get(key) ?? { count: 0, ms: 0 };
          entry.count += 1;
          entry.ms += record.end - record.start;
          by.set(key, entry);
        }
        return [...by].filter(([, e]) => e.ms >= 10).sort(([, a], [, b]) => b.ms - a.ms).map(([sql, e]) => ({ sql, count: e.count, meanMs: round(e.ms / e.count, 2) }));
      };
      const gateStatements = statements(api.timer);
      const bareStatements = statements(bareTimer);
      const checks = config.callsPerRound * config.rounds * config.batch;
      const gatePerSecond = Math.round((checks * 1000) / sides.gate.ms);
      const barePerSecond = Math.round((checks * 1000) / sides.bare.ms);
      const gateLatency = summarise(sides.gate.calls);
      const bareLatency = summarise(sides.bare.calls);

      // Scrub: one list of BENCH_SCRUB recipients (the seeded ones, then unknown ones), end to end.
      const csv = `recipient\n${Array.from({ length: config.scrub }, (_, i) => (i < config.consents ? phoneOf(i) : unknownPhoneOf(i))).join('\n')}\n`;
      const scrubStart = performance.now();
      const submitted = await fetch(`http://127.0.0.1:${api.port}/operators/${OPERATOR}/scrub-jobs?type=MESAJ&senderId=${HEADER}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${operatorToken}` },
        body: csv,
      });
      const { jobId } = (await submitted.json()) as { jobId: string };
      if (submitted.status !== 202) throw new Error(`scrub job answered ${submitted.status}`);
      const submitMs = performance.now() - scrubStart;
      const jobPath = `http://127.0.0.1:${api.port}/operators/${OPERATOR}/scrub-jobs/${jobId}`;
      for (;;) {
        const progress = (await (await fetch(jobPath, { headers: { authorization: `Bearer ${operatorToken}` } })).json()) as { status: string };
        if (progress.status === 'completed') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const completedMs = performance.now() - scrubStart;
      const result = await fetch(`${jobPath}/result?format=decisions`, { headers: { authorization: `Bearer ${operatorToken}` } });
      const lines = (await result.text()).split('\n').filter((line) => line.length > 0).length - 1; // less the header
      const scrubMs = performance.now() - scrubStart;
      if (lines !== config.scrub) throw new Error(`scrub result has ${lines} lines, expected ${config.scrub}`);

      const loadAfter = os.loadavg().map((l) => round(l, 2));
      const ratio = round(gatePerSecond / barePerSecond, 3);
      const scrubPerSecond = Math.round((config.scrub * 1000) / scrubMs);
      const scrubMsPerMillion = Math.round((scrubMs * 1_000_000) / config.scrub);
      const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
      log();
      log(`bulk check, ${config.batch} per call, ${config.inFlight} in flight, ${config.rounds} interleaved rounds of ${config.callsPerRound} calls, ${config.consents} consents`);
      log(`  gate (real route)      ${gatePerSecond} checks/s   p50 ${gateLatency.p50Ms} ms  p99 ${gateLatency.p99Ms} ms per call`);
      log(`  bare Fastify + pg      ${barePerSecond} checks/s   p50 ${bareLatency.p50Ms} ms  p99 ${bareLatency.p99Ms} ms per call`);
      log(`  gate ≥ ${TARGET_CHECKS_PER_SECOND}/s: ${verdict(gatePerSecond >= TARGET_CHECKS_PER_SECOND)};  gate/bare ${ratio} ≥ ${TARGET_RATIO}: ${verdict(ratio >= TARGET_RATIO)};  p99 ≤ ${TARGET_P99_MS} ms: ${verdict(gateLatency.p99Ms <= TARGET_P99_MS)}`);
      for (const [side, list] of [['gate', gateStatements], ['bare', bareStatements]] as const) {
        for (const st of list) log(`  ${side} statement ×${st.count}, ${st.meanMs} ms each: ${st.sql}`);
      }
      log(`scrub of ${config.scrub}: submitted in ${Math.round(submitMs)} ms, completed at ${Math.round(completedMs)} ms, result streamed at ${Math.round(scrubMs)} ms (${scrubPerSecond}/s)`);
      log(`  ${scrubMsPerMillion} ms per million ≤ ${TARGET_SCRUB_MS_PER_MILLION}: ${verdict(scrubMsPerMillion <= TARGET_SCRUB_MS_PER_MILLION)}`);
      log(`load average before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')} (${os.cpus().length} cores)`);
      log(
        JSON.stringify({
          consents: config.consents,
          batch: config.batch,
          inFlight: config.inFlight,
          rounds: config.rounds,
          callsPerRound: config.callsPerRound,
          gateChecksPerSecond: gatePerSecond,
          bareChecksPerSecond: barePerSecond,
          gateToBare: ratio,
          gateP50Ms: gateLatency.p50Ms,
          gateP99Ms: gateLatency.p99Ms,
          bareP99Ms: bareLatency.p99Ms,
          scrubRecipients: config.scrub,
          scrubSubmitMs: Math.round(submitMs),
          scrubCompletedMs: Math.round(completedMs),
          scrubEndToEndMs: Math.round(scrubMs),
          scrubPerSecond,
          loadBefore,
          loadAfter,
          server: server.kind,
        }),
      );
    } finally {
      await bare.close();
      await basePool.end();
      await api.close();
    }
  } finally {
    await server.close();
  }
}

/** BENCH_EXPLAIN=1: the plan of each statement one gate call runs, with its timings (not part of the figures). */
async function explainGate(pool: import('pg').Pool, call: () => Promise<unknown>): Promise<void> {
  const seen: { text: string; values: unknown[] }[] = [];
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && Array.isArray(args[1])) seen.push({ text: args[0], values: args[1] });
    return original(...args);
  };
  await call();
  (pool as unknown as { query: unknown }).query = original;
  for (const { text, values } of seen) {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
    log(rows.map((row) => row['QUERY PLAN']).join('\n'));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
