/**
 * The operator gate at national volume (docs/benchmarks.md, "Operator gate"): `npm start`'s entry
 * point in its own process tree, once per count of BENCH_API_PROCESSES (default 1,2,3: IYS_API_PROCESSES,
 * docs/adr/0058), on one registry of BENCH_CONSENTS (default 1 000 000) consents,
 * seeded straight into the read models the gate reads (vault pseudonyms, current consent, a
 * registered sender header; not timed).
 *   - gate: `POST /operators/{oc}/checks` with realistic batches of 1000 (95 % known recipients of
 *     which a tenth RET and a twentieth TACIR, 5 % unknown, half by sender header and half by
 *     brand codes, 5 % transactional), BENCH_IN_FLIGHT calls in flight;
 *   - baseline: a bare Fastify route on its own pg pool and thread doing the same primary-key lookups (vault
 *     registry by pseudonym, then `consent.current_consent`) for the same recipients, pseudonyms
 *     pre-computed by the client, one statement per call;
 *     rounds interleaved (gate, baseline, baseline, gate, …) so both see the same machine;
 *   - scrub: a BENCH_SCRUB-line CSV submitted as a scrub job, timed until completed and until its
 *     result has been streamed back.
 * Prints a table, then one JSON line. A measurement: exits 0 whatever the figures.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createPool, runMigrations } from '@iys/platform/database';
import { normaliseAddress, PiiVault } from '@iys/platform/pii';
import { allMigrations } from '@iys/composition';
import { startApiProcess } from '../consent/api-process.js';
import { onboardOperator, onboardProvider, randomAppKeys } from '../consent/app-under-test.js';
import { summarise } from '../consent/consent-inputs.js';
import { treeCpuSeconds } from '../consent/server-monitor.js';
import { openBenchServer } from '../store/bench-server.js';
import { startBareLookupServer, type BareLookupServer } from './bare-lookup-server.js';
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
  /** Untimed calls per API process on each side before the rounds. */
  warmupCalls: envInt('BENCH_WARMUP_CALLS', 40),
  scrub: envInt('BENCH_SCRUB', 1_000_000),
  seedChunk: 100_000,
  /** API process counts measured one after another on the same seeded database (IYS_API_PROCESSES, ADR 0058). */
  processCounts: (process.env.BENCH_API_PROCESSES ?? '1,2,3').split(',').map((count) => Number(count.trim())).filter((count) => count >= 1),
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

interface Figures {
  processes: number;
  gateChecksPerSecond: number;
  bareChecksPerSecond: number;
  gateToBare: number;
  gateP50Ms: number;
  gateP99Ms: number;
  bareP99Ms: number;
  /** The API's CPU (every process of its tree) during the interleaved rounds, per gate check: µs. */
  apiCpuUsPerCheck: number | null;
  scrubSubmitMs: number;
  scrubCompletedMs: number;
  scrubEndToEndMs: number;
  scrubMsPerMillion: number;
  loadBefore: number[];
  loadAfter: number[];
}

const loadAverage = () => os.loadavg().map((l) => round(l, 2));
const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');

async function main(): Promise<void> {
  const server = await openBenchServer();
  const loadBefore = loadAverage();
  try {
    const url = await server.createDatabase('operator');
    await runMigrations(url, allMigrations);
    const keys = randomAppKeys();
    const pool = createPool({ url, size: 10, applicationName: 'iys-bench-seed' });
    const vault = new PiiVault({ pool, masterKey: keys.masterKey, hmacKey: keys.hmacKey });
    let api = await startApiProcess(url, config.processCounts[0]!, keys);
    let bare: BareLookupServer | undefined;
    try {
      const provider = await onboardProvider(api.port);
      const [iysCode, brandCode] = [provider.iysCode, provider.brandCodes[0]!];
      // Tokens outlive a restart of the API (same signing key, sessions in the database).
      const operatorToken = await onboardOperator(api.port, OPERATOR);

      // Seed: subject keys, address pseudonyms and current consents, in chunks (not timed).
      const seedStart = performance.now();
      for (let from = 0; from < config.consents; from += config.seedChunk) {
        const n = Math.min(config.seedChunk, config.consents - from);
        const chunkIds = Array.from({ length: n }, () => randomUUID());
        const digests = vault.digestsOf(Array.from({ length: n }, (_, k) => normaliseAddress(phoneOf(from + k))));
        await pool.query(`INSERT INTO pii.subject_keys (recipient_id, wrapped_dek, kek_id) SELECT id, '\\x00'::bytea, 'bench' FROM unnest($1::uuid[]) AS u(id)`, [chunkIds]);
        await pool.query(`INSERT INTO pii.recipient_registry (address_hmac, recipient_id) SELECT * FROM unnest($1::bytea[], $2::uuid[])`, [digests, chunkIds]);
        // A tenth RET, a twentieth TACIR, the rest BIREYSEL ONAY.
        await pool.query(
          `INSERT INTO consent.current_consent (brand_code, type, recipient_type, recipient_id, iys_code, status, consent_date, source, recipient,
             retailer_access, creation_date, transaction_id, stream_position)
           SELECT $2, 'MESAJ', CASE WHEN ($3 + ord) % 20 = 5 THEN 'TACIR' ELSE 'BIREYSEL' END, id, $4,
                  CASE WHEN ($3 + ord) % 10 = 0 THEN 'RET' ELSE 'ONAY' END, now(), 'HS_WEB', '{}'::jsonb, '{}', now(), gen_random_uuid(), 1
             FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, ord)`,
          [chunkIds, brandCode, from, iysCode],
        );
      }
      await pool.query(`INSERT INTO consent.gate_senders (channel, sender_id, iys_code, brand_code) VALUES ('MESAJ', $1, $2, $3)`, [HEADER, iysCode, brandCode]);
      await pool.query('VACUUM ANALYZE pii.recipient_registry, pii.subject_keys, consent.current_consent');
      log(`seeded ${config.consents} consents in ${Math.round(performance.now() - seedStart)} ms (${server.kind} PostgreSQL)`);

      // The bare route: the same primary-key lookups for the same recipients, on a thread of its own.
      bare = await startBareLookupServer(url, Number(process.env.DB_POOL_SIZE ?? 10));
      const barePort = bare.port;

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
          batchDigests.push(vault.digestsOf([normaliseAddress(known ? phoneOf(index) : unknownPhoneOf(index))])[0]!.toString('hex'));
        }
        gateBodies.push(JSON.stringify({ items }));
        bareBodies.push(JSON.stringify({ digests: batchDigests, brandCode, type: 'MESAJ' }));
      }
      const csv = `recipient\n${Array.from({ length: config.scrub }, (_, i) => (i < config.consents ? phoneOf(i) : unknownPhoneOf(i))).join('\n')}\n`;

      const results: Figures[] = [];
      for (const [index, processes] of config.processCounts.entries()) {
        if (index > 0) api = await startApiProcess(url, processes, keys);
        results.push(await measure({ processes, pid: api.pid, port: api.port, barePort, operatorToken, gateBodies, bareBodies, csv }));
        const code = await api.stop();
        if (code !== 0) throw new Error(`the API (${processes} processes) exited ${code} on SIGTERM`);
      }

      log();
      log(`bulk check, ${config.batch} per call, ${config.inFlight} in flight, ${config.rounds} interleaved rounds of ${config.callsPerRound} calls, ${config.consents} consents; scrub of ${config.scrub}`);
      log('API processes | gate checks/s | bare checks/s | gate/bare | gate p50 / p99 ms | API CPU µs per check | scrub ms per million | load before → after');
      for (const r of results) {
        log(`${r.processes} | ${r.gateChecksPerSecond} | ${r.bareChecksPerSecond} | ${r.gateToBare} | ${r.gateP50Ms} / ${r.gateP99Ms} | ${r.apiCpuUsPerCheck} | ${r.scrubMsPerMillion} | ${r.loadBefore.join(' ')} → ${r.loadAfter.join(' ')}`);
        log(
          `  ${r.processes}: gate ≥ ${TARGET_CHECKS_PER_SECOND}/s ${verdict(r.gateChecksPerSecond >= TARGET_CHECKS_PER_SECOND)}; gate/bare ≥ ${TARGET_RATIO} ${verdict(r.gateToBare >= TARGET_RATIO)}; ` +
            `p99 ≤ ${TARGET_P99_MS} ms ${verdict(r.gateP99Ms <= TARGET_P99_MS)}; scrub ≤ ${TARGET_SCRUB_MS_PER_MILLION} ms per million ${verdict(r.scrubMsPerMillion <= TARGET_SCRUB_MS_PER_MILLION)}`,
        );
      }
      const best = results.reduce((a, b) => (b.gateChecksPerSecond > a.gateChecksPerSecond ? b : a));
      log(`most checks/s with ${best.processes} API process(es) on ${os.availableParallelism()} cores`);
      log(
        JSON.stringify({
          consents: config.consents,
          batch: config.batch,
          inFlight: config.inFlight,
          rounds: config.rounds,
          callsPerRound: config.callsPerRound,
          scrubRecipients: config.scrub,
          cores: os.availableParallelism(),
          results: results.map((r) => ({
            ...r,
            checksVerdict: verdict(r.gateChecksPerSecond >= TARGET_CHECKS_PER_SECOND),
            ratioVerdict: verdict(r.gateToBare >= TARGET_RATIO),
            p99Verdict: verdict(r.gateP99Ms <= TARGET_P99_MS),
            scrubVerdict: verdict(r.scrubMsPerMillion <= TARGET_SCRUB_MS_PER_MILLION),
          })),
          bestProcesses: best.processes,
          loadBefore,
          loadAfter: loadAverage(),
          server: server.kind,
        }),
      );
    } finally {
      await api.stop().catch(() => undefined);
      await bare?.close();
      await pool.end();
    }
  } finally {
    await server.close();
  }
}

/** One process count: interleaved gate/bare rounds, then one scrub job end to end. */
async function measure({
  processes,
  pid,
  port,
  barePort,
  operatorToken,
  gateBodies,
  bareBodies,
  csv,
}: {
  processes: number;
  pid: number;
  port: number;
  barePort: number;
  operatorToken: string;
  gateBodies: string[];
  bareBodies: string[];
  csv: string;
}): Promise<Figures> {
  const loadBefore = loadAverage();
  const post = async (to: number, path: string, body: string, token?: string) => {
    const response = await fetch(`http://127.0.0.1:${to}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return text;
  };
  const gateCall = (b: number) => post(port, `/operators/${OPERATOR}/checks`, gateBodies[b % gateBodies.length]!, operatorToken);
  const bareCall = (b: number) => post(barePort, '/lookup', bareBodies[b % bareBodies.length]!);
  // The answers are right before anything is timed: every item answered, reasons as seeded.
  const sample = JSON.parse(await gateCall(0)) as { items: { reason: string }[] };
  if (sample.items.length !== config.batch) throw new Error(`gate answered ${sample.items.length} items`);
  const reasons = new Map<string, number>();
  for (const item of sample.items) reasons.set(item.reason, (reasons.get(item.reason) ?? 0) + 1);
  log(`${processes} API process(es): a batch's reasons: ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}`);
  // Warm-up: every API process sees enough calls for its hot code to be compiled (connections are
  // spread over them); the slowest calls of a shorter warm-up were all in the first timed round.
  await runConcurrently(Array.from({ length: config.warmupCalls * processes }, (_, w) => w), config.inFlight, (w) => Promise.all([gateCall(w), bareCall(w)]));

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
  const cpuBefore = treeCpuSeconds(pid);
  for (let r = 0; r < config.rounds; r++) {
    const order: ('gate' | 'bare')[] = r % 2 === 0 ? ['gate', 'bare'] : ['bare', 'gate'];
    for (const side of order) await runRound(side);
  }
  const cpuAfter = treeCpuSeconds(pid);
  const checks = config.callsPerRound * config.rounds * config.batch;
  const gatePerSecond = Math.round((checks * 1000) / sides.gate.ms);
  const barePerSecond = Math.round((checks * 1000) / sides.bare.ms);
  const gateLatency = summarise(sides.gate.calls);
  const bareLatency = summarise(sides.bare.calls);

  // Scrub: one list of BENCH_SCRUB recipients (the seeded ones, then unknown ones), end to end.
  const scrubStart = performance.now();
  const submitted = await fetch(`http://127.0.0.1:${port}/operators/${OPERATOR}/scrub-jobs?type=MESAJ&senderId=${HEADER}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${operatorToken}` },
    body: csv,
  });
  const { jobId } = (await submitted.json()) as { jobId: string };
  if (submitted.status !== 202) throw new Error(`scrub job answered ${submitted.status}`);
  const submitMs = performance.now() - scrubStart;
  const jobPath = `http://127.0.0.1:${port}/operators/${OPERATOR}/scrub-jobs/${jobId}`;
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
  const figures: Figures = {
    processes,
    gateChecksPerSecond: gatePerSecond,
    bareChecksPerSecond: barePerSecond,
    gateToBare: round(gatePerSecond / barePerSecond, 3),
    gateP50Ms: gateLatency.p50Ms,
    gateP99Ms: gateLatency.p99Ms,
    bareP99Ms: bareLatency.p99Ms,
    apiCpuUsPerCheck: cpuBefore === undefined || cpuAfter === undefined ? null : round(((cpuAfter - cpuBefore) * 1e6) / checks, 2),
    scrubSubmitMs: Math.round(submitMs),
    scrubCompletedMs: Math.round(completedMs),
    scrubEndToEndMs: Math.round(scrubMs),
    scrubMsPerMillion: Math.round((scrubMs * 1_000_000) / config.scrub),
    loadBefore,
    loadAfter: loadAverage(),
  };
  log(`  ${JSON.stringify(figures)}`);
  return figures;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
