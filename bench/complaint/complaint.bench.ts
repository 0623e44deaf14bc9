/**
 * The authority's complaint queue on BENCH_COMPLAINTS (default 1 000 000) complaints
 * (docs/benchmarks.md, "Complaints"): the query handler the API runs (ListComplaintQueueHandler,
 * real PostgreSQL, the context's migrations and indexes), for a provincial user's first page, a
 * status filter, an assessment filter ministry-wide, a deep page and a provider's list; p50/p99 over
 * BENCH_QUEUE_REQUESTS each; then filing over HTTP (bench/complaint/filing.ts, BENCH_FILINGS, target
 * p99 ≤ 100 ms, baseline: filing about an unknown sender). Queue baseline, in the same run on the same data: the queue as it was before
 * the `more` flag — the same page plus a count of the matches capped at 10 000 — so each workload
 * prints its ratio to it. Then the page alone, three ways in turn: the repository (raw rows), the
 * same query builder hydrating entities, the same statement through the pg pool (the baseline), and
 * its plan now and with the indexes before ADR 0070 (rolled back). Seeding (generate_series into
 * the read model) is not timed; BENCH_FILINGS=0 skips filing.
 * Prints a table, then one JSON line. Exits 0 whether or not the target (p99 ≤ 50 ms) is met.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { FixedClock } from '@iys/platform/building-blocks';
import { createPool, runMigrations, sharedPoolDriver } from '@iys/platform/database';
import { PostgresEventStore } from '@iys/platform/event-store';
import { allMigrations } from '@iys/composition';
import { DataSource } from 'typeorm';
import { ComplaintAccess } from '../../libs/contexts/complaint/src/application/complaint-access.js';
import { AuthorityScopeRecord, ComplaintRecord } from '../../libs/contexts/complaint/src/infrastructure/read-models/complaint.record.js';
import { TypeOrmComplaintRecords } from '../../libs/contexts/complaint/src/infrastructure/read-models/typeorm-complaint-records.repository.js';
import { ListComplaintQueueHandler } from '../../libs/contexts/complaint/src/application/queries/list-complaint-queue/list-complaint-queue.handler.js';
import type { QueueScope } from '../../libs/contexts/complaint/src/application/complaint-records.port.js';
import { ListComplaintQueueQuery, type QueueFilter } from '../../libs/contexts/complaint/src/application/queries/list-complaint-queue/list-complaint-queue.query.js';
import { measureFiling } from './filing.js';
import { summarise } from '../consent/consent-inputs.js';
import { openBenchServer } from '../store/bench-server.js';
import { envInt, log, pad } from '../store/bench-utils.js';

const TARGET_P99_MS = 50;
const FILING_TARGET_P99_MS = 100;
/** The baseline's count cap (the queue's former `total`, capped). */
const BASELINE_COUNT_CAP = 10_000;
const config = {
  complaints: envInt('BENCH_COMPLAINTS', 1_000_000),
  requests: envInt('BENCH_QUEUE_REQUESTS', 300),
  chunk: envInt('BENCH_SEED_CHUNK', 200_000),
  /** Filings over HTTP about a registered sender (measured), and as many about an unknown one (baseline), in rounds of 75 + 75 (at least 1); 0 skips filing. */
  filings: process.env.BENCH_FILINGS === '0' ? 0 : envInt('BENCH_FILINGS', 300),
};
const PROVINCIAL = '00000000-0000-4000-8000-000000000034';
const MINISTRY = '00000000-0000-4000-8000-000000000001';

/** The plan's first two nodes, buffers hit, and the median execution time of 31 runs without per-node timing. */
async function explain(executor: Pick<pg.Pool, 'query'>, sql: string, parameters: unknown[]): Promise<{ executionMs: number; bufferHits: number; nodes: string }> {
  const times: number[] = [];
  let lines: string[] = [];
  for (let i = 0; i < 31; i++) {
    const { rows } = await executor.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${sql}`, parameters);
    lines = rows.map((row) => row['QUERY PLAN']);
    times.push(Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1]));
  }
  times.sort((a, b) => a - b);
  const nodes = lines.filter((line) => line.includes('->')).map((line) => line.trim().replace(/^->\s*/, '').replace(/\s*\(cost=.*$/, '').replace(/ on complaints c$/, ''));
  return { executionMs: times[15], bufferHits: Number(/Buffers: shared hit=(\d+)/.exec(lines.join('\n'))?.[1]), nodes: nodes.slice(0, 2).join(' > ') };
}

async function main(): Promise<void> {
  const server = await openBenchServer();
  try {
    const url = await server.createDatabase('complaint');
    await runMigrations(url, allMigrations);
    const pool = createPool({ url, size: 4, applicationName: 'iys-bench-complaint' });
    const seedStart = performance.now();
    // Statuses, channels, assessments and provinces spread as a queue would hold them; 500 brands of 100 providers.
    for (let from = 0; from < config.complaints; from += config.chunk) {
      const to = Math.min(config.complaints, from + config.chunk) - 1;
      await pool.query(
        `INSERT INTO complaint.complaints (complaint_id, account_id, recipient_id, address, address_kind, channel, recipient_type, sender_id, iys_code, brand_code,
           message_at, province, status, assessment, evidence_state, subjects, filed_via, checked_first, outcome, filed_at, decided_at, updated_at, version)
         SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), '{}', 'phone', (ARRAY['MESAJ','ARAMA','EPOSTA'])[1 + i % 3], 'BIREYSEL', 'HEADER' || (i % 500),
                600000 + (i % 100), 700000 + (i % 500), t - interval '2 hours', 1 + (i::bigint * 7919) % 81,
                (ARRAY['RECEIVED','DEFENSE_REQUESTED','DEFENSE_SUBMITTED','DECIDED','DECIDED','WITHDRAWN'])[1 + i % 6],
                (ARRAY['LIKELY_VIOLATION','WITHIN_GRACE','CONSENT_EXISTS','ALLOWED','NEEDS_REVIEW'])[1 + i % 5], 'RET', '{OTHER}', 'web', i % 2 = 0,
                CASE WHEN i % 6 IN (3, 4) THEN 'JUSTIFIED' END, t, CASE WHEN i % 6 IN (3, 4) THEN t + interval '9 days' END, t, 1
           FROM (SELECT i, timestamptz '2024-01-01' + (i * interval '55 seconds') AS t FROM generate_series($1::int, $2::int) AS i) s`,
        [from, to],
      );
    }
    await pool.query(`INSERT INTO complaint.authority_scopes (user_id, province, assigned_at) VALUES ($1, 34, now()), ($2, NULL, now())`, [PROVINCIAL, MINISTRY]);
    await pool.query('VACUUM ANALYZE complaint.complaints');
    // Write the seeded pages out now, not under the first timed workload (its p99 measured the write-back).
    await pool.query('CHECKPOINT').catch((error: Error) => log(`no CHECKPOINT before timing (${error.message})`));
    log(`seeded ${config.complaints} complaints in ${Math.round(performance.now() - seedStart)} ms (${server.kind} PostgreSQL)`);

    const clock = new FixedClock(new Date());
    const dataSource = await new DataSource({ type: 'postgres', driver: sharedPoolDriver(pool), entities: [ComplaintRecord, AuthorityScopeRecord] }).initialize();
    const records = new TypeOrmComplaintRecords(dataSource.getRepository(ComplaintRecord), dataSource.getRepository(AuthorityScopeRecord));
    const handler = new ListComplaintQueueHandler(new ComplaintAccess(new PostgresEventStore({ pool, clock }), records, clock), records);
    const page = (patch: Partial<QueueFilter>): QueueFilter => ({ offset: 0, limit: 50, ...patch });
    const authority = (userId: string) => ({ kind: 'authority' as const, principal: { userId, role: 'authority' as const, sessionId: 's' } });
    const workloads: [string, ListComplaintQueueQuery][] = [
      ['province 34, newest first, page 1', new ListComplaintQueueQuery(authority(PROVINCIAL), page({}))],
      ['province 34, status RECEIVED', new ListComplaintQueueQuery(authority(PROVINCIAL), page({ status: 'RECEIVED' }))],
      ['ministry, assessment LIKELY_VIOLATION', new ListComplaintQueueQuery(authority(MINISTRY), page({ assessment: 'LIKELY_VIOLATION' }))],
      ['ministry, newest first, offset 1000', new ListComplaintQueueQuery(authority(MINISTRY), page({ offset: 1000 }))],
      ['provider 600042, its list', new ListComplaintQueueQuery({ kind: 'provider', iysCode: 600042 }, page({}))],
    ];
    // Baseline: the handler's page, then the former capped count over the same filter (the handler's WHERE, rebuilt here).
    const baselineCount = async (query: ListComplaintQueueQuery) => {
      const f = query.filter;
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (sql: string, value: unknown) => where.push(sql.replace('?', `$${values.push(value)}`));
      if (query.audience.kind === 'provider') add('iys_code = ?', query.audience.iysCode);
      else if (query.audience.principal.userId === PROVINCIAL) add('province = ?', 34);
      if (f.status) add('status = ?', f.status);
      if (f.assessment) add('assessment = ?', f.assessment);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      await pool.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM complaint.complaints ${clause} LIMIT ${BASELINE_COUNT_CAP + 1}) capped`, values);
    };
    const time = async (run: () => Promise<unknown>) => {
      for (let i = 0; i < 20; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < config.requests; i++) {
        const start = performance.now();
        await run();
        times.push(performance.now() - start);
      }
      return summarise(times);
    };
    /** Each variant once per round, in turn, so that the machine's load falls on all of them alike. */
    const timeInTurn = async (variants: [string, () => Promise<unknown>][]) => {
      for (let i = 0; i < 20; i++) for (const [, run] of variants) await run();
      const times = variants.map(() => [] as number[]);
      // The process's CPU per call (user + system): what the process itself spends, which the machine's load barely moves.
      const cpuMicros = variants.map(() => 0);
      for (let i = 0; i < config.requests; i++) {
        for (const [v, [, run]] of variants.entries()) {
          const cpu = process.cpuUsage();
          const start = performance.now();
          await run();
          times[v].push(performance.now() - start);
          const used = process.cpuUsage(cpu);
          cpuMicros[v] += used.user + used.system;
        }
      }
      return Object.fromEntries(variants.map(([name], v) => [name, { ...summarise(times[v]), cpuMicrosPerCall: Math.round(cpuMicros[v] / config.requests) }]));
    };
    const results = [];
    for (const [name, query] of workloads) {
      const baseline = await time(() => Promise.all([handler.execute(query), baselineCount(query)]));
      const measured = await time(() => handler.execute(query));
      results.push({ name, ...measured, baselineP50Ms: baseline.p50Ms, baselineP99Ms: baseline.p99Ms, p99Ratio: Math.round((measured.p99Ms / baseline.p99Ms) * 100) / 100 });
    }
    // The page alone, three ways in turn (docs/benchmarks.md, "The page: TypeORM against the same
    // statement raw"): the repository (query builder, raw rows mapped to the row type: ADR 0070), the
    // same query builder hydrating entities (the adapter before ADR 0070), and the entities' statement
    // sent as it is through the pg pool (neither builder nor hydration). Plus the plan, its buffers and
    // its execution time without per-node timing (EXPLAIN ANALYZE, TIMING OFF): the database's share.
    const scopes: Record<string, QueueScope> = { [PROVINCIAL]: { province: 34 }, [MINISTRY]: {} };
    const pages = [];
    const statements: [string, unknown[]][] = [];
    for (const [name, query] of workloads) {
      const scope = query.audience.kind === 'provider' ? { iysCode: query.audience.iysCode } : scopes[query.audience.principal.userId];
      const filter = query.audience.kind === 'provider' ? { ...query.filter, iysCode: undefined } : query.filter;
      const [sql, parameters] = records.pageQuery(scope, filter).getQueryAndParameters();
      const variants: [string, () => Promise<unknown>][] = [
        ['repository', () => records.page(scope, filter)],
        ['entities', () => records.pageQuery(scope, filter).getMany()],
        ['pgPool', () => pool.query(sql, parameters)],
      ];
      const together = await timeInTurn(variants);
      const plan = await explain(pool, sql, parameters);
      statements.push([sql, parameters]);
      pages.push({
        name,
        repositoryP50Ms: together.repository.p50Ms,
        repositoryP99Ms: together.repository.p99Ms,
        entitiesP50Ms: together.entities.p50Ms,
        entitiesP99Ms: together.entities.p99Ms,
        pgPoolP50Ms: together.pgPool.p50Ms,
        pgPoolP99Ms: together.pgPool.p99Ms,
        repositoryP50RatioToPgPool: Math.round((together.repository.p50Ms / together.pgPool.p50Ms) * 100) / 100,
        entitiesP50RatioToPgPool: Math.round((together.entities.p50Ms / together.pgPool.p50Ms) * 100) / 100,
        repositoryCpuMicros: together.repository.cpuMicrosPerCall,
        entitiesCpuMicros: together.entities.cpuMicrosPerCall,
        pgPoolCpuMicros: together.pgPool.cpuMicrosPerCall,
        explainExecutionMs: plan.executionMs,
        explainBufferHits: plan.bufferHits,
        plan: plan.nodes,
        formerIndexesExecutionMs: Number.NaN,
        formerIndexesPlan: '',
      });
    }
    // Baseline of the plan, same run: the indexes before ADR 0070 (complaint id ascending, or absent,
    // under a descending filing time), in a transaction rolled back afterwards.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DROP INDEX complaint.complaints_queue, complaint.complaints_by_filing, complaint.complaints_by_provider');
      await client.query('CREATE INDEX complaints_queue ON complaint.complaints (province, status, filed_at DESC, complaint_id)');
      await client.query('CREATE INDEX complaints_by_filing ON complaint.complaints (filed_at DESC, complaint_id)');
      await client.query('CREATE INDEX complaints_by_provider ON complaint.complaints (iys_code, filed_at DESC) WHERE iys_code IS NOT NULL');
      for (const [index, [sql, parameters]] of statements.entries()) {
        const former = await explain(client, sql, parameters);
        Object.assign(pages[index], { formerIndexesExecutionMs: former.executionMs, formerIndexesPlan: former.nodes });
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    log();
    log(`${pad('queue workload', 42, true)}${pad('p50 ms', 10)}${pad('p99 ms', 10)}${pad('max ms', 10)}${pad('base p99', 10)}${pad('ratio', 8)}  target p99 ≤ ${TARGET_P99_MS} ms`);
    for (const r of results) {
      log(`${pad(r.name, 42, true)}${pad(String(r.p50Ms), 10)}${pad(String(r.p99Ms), 10)}${pad(String(r.maxMs), 10)}${pad(String(r.baselineP99Ms), 10)}${pad(String(r.p99Ratio), 8)}  ${r.p99Ms <= TARGET_P99_MS ? 'met' : 'missed'}`);
    }
    log();
    log(`${pad('the page alone (p50 / p99 ms)', 42, true)}${pad('repository', 16)}${pad('entities', 16)}${pad('pg pool', 16)}${pad('p50 ÷ pool', 12)}${pad('CPU µs r/e/pool', 18)}  ${'EXPLAIN ms (median): now / former indexes, plan now / former'}`);
    for (const p of pages) {
      log(
        `${pad(p.name, 42, true)}${pad(`${p.repositoryP50Ms} / ${p.repositoryP99Ms}`, 16)}${pad(`${p.entitiesP50Ms} / ${p.entitiesP99Ms}`, 16)}` +
          `${pad(`${p.pgPoolP50Ms} / ${p.pgPoolP99Ms}`, 16)}${pad(`${p.repositoryP50RatioToPgPool}/${p.entitiesP50RatioToPgPool}`, 12)}` +
          `${pad(`${p.repositoryCpuMicros}/${p.entitiesCpuMicros}/${p.pgPoolCpuMicros}`, 18)}` +
          `  ${p.explainExecutionMs} / ${p.formerIndexesExecutionMs}, ${p.plan} / ${p.formerIndexesPlan}`,
      );
    }
    await dataSource.destroy();
    await pool.end();
    const filing = config.filings > 0 ? await measureFiling(await server.createDatabase('complaint_filing'), config.filings) : undefined;
    if (filing) {
      log();
      log(`filing over HTTP (${filing.filings}): sender resolved (evidence) p50 ${filing.resolved.p50Ms} ms, p99 ${filing.resolved.p99Ms} ms; ` +
        `baseline unknown sender p50 ${filing.unresolved.p50Ms} ms, p99 ${filing.unresolved.p99Ms} ms; ratio ${filing.p99Ratio}; ` +
        `target p99 ≤ ${FILING_TARGET_P99_MS} ms ${filing.resolved.p99Ms <= FILING_TARGET_P99_MS ? 'met' : 'missed'}`);
    }
    log(JSON.stringify({ complaints: config.complaints, requests: config.requests, targetP99Ms: TARGET_P99_MS, queue: results, page: pages, filingTargetP99Ms: FILING_TARGET_P99_MS, filing }));
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
