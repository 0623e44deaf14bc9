/**
 * What one consent costs on disk, table by table: the figures behind docs/scale.md's capacity
 * arithmetic. Consents go through the real API (C3 batches, as providers load them), every async
 * projection catches up, and then each table's rows and bytes (heap, indexes, TOAST) are divided by
 * the consents written. Two phases: N consents of N new recipients (each brings its vault rows),
 * then a second consent (another channel) for each of the same recipients (only consent rows).
 * Baseline, same run: the bytes of `consent.current_consent` alone, the one row a plain CRUD
 * registry would keep; the ratio is what event sourcing, the feed, the movements and the vault add.
 *
 *   npm run bench:footprint            (BENCH_CONSENTS=20000 by default)
 */
import os from 'node:os';
import type pg from 'pg';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { createPool, DISTRIBUTION_PLAN, runMigrations } from '@iys/platform/database';
import { allMigrations } from '@iys/composition';
import { onboardProvider, startApp, type AppUnderTest } from '../consent/app-under-test.js';
import { phone, PHONE_RANGES } from '../consent/consent-inputs.js';
import { openBenchServer, type BenchServer } from '../store/bench-server.js';


const CONSENTS = Number(process.env.BENCH_CONSENTS ?? 20_000);
const BATCH = 1000;
const IN_FLIGHT = 4;

const log = (line: string) => process.stdout.write(`${line}\n`);
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

interface TableFootprint {
  table: string;
  placement: string;
  rows: number;
  heapBytes: number;
  indexBytes: number;
  toastBytes: number;
}

async function footprint(pool: pg.Pool): Promise<TableFootprint[]> {
  await pool.query('VACUUM ANALYZE');
  const { rows } = await pool.query<{ table: string; heap: string; indexes: string; total: string }>(
    `SELECT n.nspname || '.' || c.relname AS table, pg_relation_size(c.oid) AS heap, pg_indexes_size(c.oid) AS indexes, pg_total_relation_size(c.oid) AS total
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
  );
  const tables: TableFootprint[] = [];
  for (const row of rows) {
    const count = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${row.table}`);
    if (count.rows[0].n === 0) continue;
    const placement = DISTRIBUTION_PLAN[row.table];
    tables.push({
      table: row.table,
      placement: placement?.kind === 'distributed' ? `distributed(${placement.column})` : (placement?.kind ?? 'unplaced'),
      rows: count.rows[0].n,
      heapBytes: Number(row.heap),
      indexBytes: Number(row.indexes),
      toastBytes: Number(row.total) - Number(row.heap) - Number(row.indexes),
    });
  }
  return tables.sort((a, b) => a.table.localeCompare(b.table));
}

async function ingest(api: AppUnderTest, token: string, basePath: string, type: 'MESAJ' | 'ARAMA', consentDate: string): Promise<void> {
  const batches = Math.ceil(CONSENTS / BATCH);
  let next = 0;
  const send = async () => {
    for (let batch = next++; batch < batches; batch = next++) {
      const items = [];
      for (let i = batch * BATCH; i < Math.min(CONSENTS, (batch + 1) * BATCH); i++) {
        items.push({ recipient: phone(PHONE_RANGES.ingest + i), recipientType: 'BIREYSEL', type, status: 'ONAY', source: 'HS_WEB', consentDate });
      }
      const response = await fetch(`http://127.0.0.1:${api.port}${basePath}/consents/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(items),
      });
      if (response.status !== 200) throw new Error(`C3 answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, send));
}

/** Until every consent is applied and in the change feed and the daily movements (the async read models). */
async function caughtUp(pool: pg.Pool, expected: number): Promise<void> {
  for (;;) {
    const { rows } = await pool.query<{ current: number; changes: number; movements: number }>(
      `SELECT (SELECT count(*)::int FROM consent.current_consent) AS current,
              (SELECT count(*)::int FROM consent.changes) AS changes,
              (SELECT count(*)::int FROM reconciliation.daily_movements) AS movements`,
    );
    if (rows[0].current === expected && rows[0].changes === expected && rows[0].movements === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function perConsent(before: TableFootprint[], after: TableFootprint[], consents: number) {
  return after
    .map((table) => {
      const was = before.find((b) => b.table === table.table);
      const delta = (key: 'rows' | 'heapBytes' | 'indexBytes' | 'toastBytes') => (table[key] - (was?.[key] ?? 0)) / consents;
      const rows = delta('rows');
      const heap = delta('heapBytes');
      const indexes = delta('indexBytes');
      const toast = delta('toastBytes');
      return { table: table.table, placement: table.placement, rows: round(rows, 3), heapBytes: round(heap), indexBytes: round(indexes), toastBytes: round(toast), totalBytes: round(heap + indexes + toast) };
    })
    .filter((row) => row.rows !== 0 || row.totalBytes !== 0);
}

function printTable(title: string, rows: ReturnType<typeof perConsent>): void {
  log(`\n${title}`);
  log(`  ${'table'.padEnd(44)} ${'placement'.padEnd(28)} ${'rows'.padStart(6)} ${'heap B'.padStart(8)} ${'index B'.padStart(8)} ${'toast B'.padStart(8)} ${'total B'.padStart(8)}`);
  for (const row of rows) {
    log(`  ${row.table.padEnd(44)} ${row.placement.padEnd(28)} ${String(row.rows).padStart(6)} ${String(row.heapBytes).padStart(8)} ${String(row.indexBytes).padStart(8)} ${String(row.toastBytes).padStart(8)} ${String(row.totalBytes).padStart(8)}`);
  }
  const sum = (pick: (row: (typeof rows)[number]) => number) => round(rows.reduce((total, row) => total + pick(row), 0));
  log(`  ${'all tables'.padEnd(44)} ${''.padEnd(28)} ${String(sum((r) => r.rows)).padStart(6)} ${String(sum((r) => r.heapBytes)).padStart(8)} ${String(sum((r) => r.indexBytes)).padStart(8)} ${String(sum((r) => r.toastBytes)).padStart(8)} ${String(sum((r) => r.totalBytes)).padStart(8)}`);
}

function summary(rows: ReturnType<typeof perConsent>) {
  const total = (filter: (row: (typeof rows)[number]) => boolean) => round(rows.filter(filter).reduce((sum, row) => sum + row.totalBytes, 0));
  const count = (filter: (row: (typeof rows)[number]) => boolean) => round(rows.filter(filter).reduce((sum, row) => sum + row.rows, 0), 2);
  const baseline = total((row) => row.table === 'consent.current_consent');
  const all = total(() => true);
  return {
    rowsPerConsent: count(() => true),
    bytesPerConsent: all,
    distributedBytesPerConsent: total((row) => row.placement.startsWith('distributed')),
    eventStoreBytesPerConsent: total((row) => row.table.startsWith('event_store.')),
    baselineCurrentConsentBytes: baseline,
    ratioToBaseline: round(all / baseline, 2),
  };
}

async function main(): Promise<void> {
  log(`Footprint benchmark — ${CONSENTS} consents of new recipients, then ${CONSENTS} more of the same recipients (C3, batches of ${BATCH})`);
  let server: BenchServer | undefined;
  let api: AppUnderTest | undefined;
  let observer: pg.Pool | undefined;
  try {
    server = await openBenchServer();
    const url = await server.createDatabase('');
    await runMigrations(url, allMigrations);
    observer = createPool({ url, size: 2, applicationName: 'iys-bench-observer' });
    api = await startApp(url, 'warn');
    const provider = await onboardProvider(api.port);
    const basePath = `/sps/${provider.iysCode}/brands/${provider.brandCodes[0]}`;
    const consentDate = formatIysDateTime(new Date(Date.now() - 2 * 3600_000));

    const empty = await footprint(observer);
    await ingest(api, provider.token, basePath, 'MESAJ', consentDate);
    await caughtUp(observer, CONSENTS);
    const afterNew = await footprint(observer);
    await ingest(api, provider.token, basePath, 'ARAMA', consentDate);
    await caughtUp(observer, 2 * CONSENTS);
    const afterSecond = await footprint(observer);

    const newRecipient = perConsent(empty, afterNew, CONSENTS);
    const knownRecipient = perConsent(afterNew, afterSecond, CONSENTS);
    printTable('A consent of a new recipient (per consent)', newRecipient);
    printTable('Another consent of a known recipient (per consent)', knownRecipient);
    const figures = {
      bench: 'footprint',
      at: new Date().toISOString(),
      consents: CONSENTS,
      machine: { cpus: os.cpus().length, loadavg: os.loadavg().map((l) => round(l, 2)) },
      newRecipient: summary(newRecipient),
      knownRecipient: summary(knownRecipient),
      tables: { newRecipient, knownRecipient },
    };
    log(`\nnew recipient: ${figures.newRecipient.rowsPerConsent} rows, ${figures.newRecipient.bytesPerConsent} B per consent (${figures.newRecipient.ratioToBaseline}× current_consent alone); known recipient: ${figures.knownRecipient.rowsPerConsent} rows, ${figures.knownRecipient.bytesPerConsent} B (${figures.knownRecipient.ratioToBaseline}×)`);
    log(JSON.stringify(figures));
  } finally {
    await api?.close().catch(() => undefined);
    await observer?.end().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
