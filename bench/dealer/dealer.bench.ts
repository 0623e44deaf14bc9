/**
 * Retailer access at İYS's largest request (docs/benchmarks.md, "Dealer"): RA2 (`PUT
 * …/consents/retailers/access`) of 100 recipients × 100 retailers, through HTTP against the real
 * API (createHttpApp with the batch worker in-process, as `npm start`), on one fresh PostgreSQL.
 *   - setup: 200 retailers (R1), BENCH_RA2_REQUESTS × 100 consents (C3);
 *   - RA2: requests submitted BENCH_RA2_INFLIGHT at a time, each timed from the PUT to the C4 answer
 *     showing every item applied; the sets alternate between two disjoint groups of 100 retailers,
 *     so every item revokes 100 and grants 100 (the worst replace);
 *   - baseline: the same (consent, retailer) rows as a plain multi-row INSERT, one statement per
 *     request, into a two-column table, one connection.
 * Prints a table and one JSON line last. A measurement: exits 0 whatever the figures.
 */
import { performance } from 'node:perf_hooks';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { runMigrations } from '@iys/platform/database';
import { allMigrations } from '@iys/composition';
import { onboardProvider, startApp } from '../consent/app-under-test.js';
import { openBenchServer } from '../store/bench-server.js';
import { envInt, log, round, runConcurrently } from '../store/bench-utils.js';

const config = {
  requests: envInt('BENCH_RA2_REQUESTS', 20),
  inFlight: envInt('BENCH_RA2_INFLIGHT', 2),
  recipients: 100,
  retailers: 100,
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const server = await openBenchServer();
  try {
    const url = await server.createDatabase('dealer');
    await runMigrations(url, allMigrations);
    const api = await startApp(url, process.env.BENCH_LOG_LEVEL ?? 'silent');
    try {
      const provider = await onboardProvider(api.port);
      const brandCode = provider.brandCodes[0];
      const base = `/sps/${provider.iysCode}/brands/${brandCode}`;
      const call = async (method: string, path: string, body: unknown, expect = 200) => {
        const response = await fetch(`http://127.0.0.1:${api.port}${path}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${provider.token}` },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        if (response.status !== expect) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
        return JSON.parse(text);
      };

      // Setup: two disjoint groups of 100 retailers, and 100 consents per request.
      const retailers: number[] = [];
      for (let i = 0; i < 2 * config.retailers; i++) {
        const d = String(100000000 + i).split('').map(Number);
        const tenth = (((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10 + 10) % 10;
        const tckn = [...d, tenth, [...d, tenth].reduce((s, x) => s + x, 0) % 10].join('');
        const body = { title: `Bayi ${i}`, mersis: String(2000000000000000 + i), alias: `Mağaza ${i}`, name: 'Ali Veli', tckn, mobile: `+90555${String(2000000 + i)}`, city: { code: '34' }, town: { code: '1663' } };
        retailers.push((await call('POST', `${base}/retailers`, body)).retailerCode);
      }
      const groups = [retailers.slice(0, config.retailers), retailers.slice(config.retailers)];
      const consentDate = formatIysDateTime(new Date(Date.now() - 3600_000));
      const recipientsOf = (request: number) => Array.from({ length: config.recipients }, (_, i) => `+90536${String(1000000 + request * config.recipients + i).padStart(7, '0')}`);
      const waitApplied = async (requestId: string) => {
        for (;;) {
          const items = (await call('GET', `${base}/consents/request/${requestId}`, undefined)) as { status: string }[];
          if (items.every((item) => item.status !== 'enqueue')) {
            const failed = items.filter((item) => item.status !== 'success');
            if (failed.length > 0) throw new Error(`request ${requestId}: ${failed.length} items failed: ${JSON.stringify(failed[0])}`);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      for (let r = 0; r < config.requests; r += 10) {
        const batch = Array.from({ length: Math.min(10, config.requests - r) }, (_, k) => recipientsOf(r + k)).flat();
        const accepted = await call('POST', `${base}/consents/request`, batch.map((recipient) => ({ recipient, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate })));
        await waitApplied(accepted.requestId);
      }
      // Each consent starts with the first group, so every measured replace moves it to the other.
      await runConcurrently(Array.from({ length: config.requests }, (_, r) => r), config.inFlight, async (r) => {
        const accepted = await call('PUT', `${base}/consents/retailers/access`, { recipients: recipientsOf(r), recipientType: 'BIREYSEL', type: 'MESAJ', retailerAccess: groups[0] });
        await waitApplied(accepted.requestId);
      });

      const latencies: number[] = [];
      const submits: number[] = [];
      const started = performance.now();
      await runConcurrently(Array.from({ length: config.requests }, (_, r) => r), config.inFlight, async (r) => {
        const t0 = performance.now();
        const accepted = await call('PUT', `${base}/consents/retailers/access`, { recipients: recipientsOf(r), recipientType: 'BIREYSEL', type: 'MESAJ', retailerAccess: groups[1] });
        submits.push(performance.now() - t0);
        await waitApplied(accepted.requestId);
        latencies.push(performance.now() - t0);
      });
      const wallMs = performance.now() - started;
      const { rows: check } = await api.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM consent.current_consent WHERE brand_code = $1 AND retailer_access @> $2::int[]`,
        [brandCode, groups[1]],
      );
      if (check[0].n !== config.requests * config.recipients) throw new Error(`expected ${config.requests * config.recipients} consents on the second group, found ${check[0].n}`);

      // Baseline: the same pairs, one INSERT … SELECT unnest per request, one connection.
      await api.pool.query('CREATE SCHEMA IF NOT EXISTS bench');
      await api.pool.query('CREATE TABLE bench.access_rows (consent_id uuid NOT NULL, retailer_code int NOT NULL, PRIMARY KEY (consent_id, retailer_code))');
      const { rows: ids } = await api.pool.query<{ recipient_id: string }>(`SELECT recipient_id FROM consent.current_consent WHERE brand_code = $1 ORDER BY recipient_id`, [brandCode]);
      const client = await api.pool.connect();
      let baselineMs = 0;
      try {
        for (let r = 0; r < config.requests; r++) {
          const consentIds = ids.slice(r * config.recipients, (r + 1) * config.recipients).map((row) => row.recipient_id);
          const pairs = consentIds.flatMap((id) => groups[1].map((code) => [id, code] as const));
          const t0 = performance.now();
          await client.query('INSERT INTO bench.access_rows SELECT * FROM unnest($1::uuid[], $2::int[])', [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
          baselineMs += performance.now() - t0;
        }
      } finally {
        client.release();
      }

      latencies.sort((a, b) => a - b);
      submits.sort((a, b) => a - b);
      const result = {
        requests: config.requests,
        inFlight: config.inFlight,
        pairsPerRequest: config.recipients * config.retailers,
        requestsPerSecond: round((config.requests * 1000) / wallMs, 2),
        appliedP50Ms: round(percentile(latencies, 50), 1),
        appliedP99Ms: round(percentile(latencies, 99), 1),
        submitP99Ms: round(percentile(submits, 99), 1),
        accessChangesPerSecond: round((config.requests * config.recipients * config.retailers * 2 * 1000) / wallMs, 0),
        rawInsertMsPerRequest: round(baselineMs / config.requests, 1),
        rawInsertRowsPerSecond: round((config.requests * config.recipients * config.retailers * 1000) / baselineMs, 0),
        server: server.kind,
      };
      log('RA2 (PUT …/consents/retailers/access), 100 recipients × 100 retailers per request, each replace revoking 100 and granting 100');
      log(`  ${result.requests} requests, ${result.inFlight} in flight: ${result.requestsPerSecond} requests/s sustained (submit → every item applied)`);
      log(`  per request: p50 ${result.appliedP50Ms} ms, p99 ${result.appliedP99Ms} ms; the PUT itself answers in p99 ${result.submitP99Ms} ms`);
      log(`  raw INSERT of the same 10 000 pairs: ${result.rawInsertMsPerRequest} ms per request (${result.rawInsertRowsPerSecond} rows/s)`);
      log(JSON.stringify(result));
    } finally {
      await api.close();
    }
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
