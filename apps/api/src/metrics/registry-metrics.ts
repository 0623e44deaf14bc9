import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { isDatabaseUnavailable } from '@iys/platform/database';
import { PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { PG_POOL, PROCESS_GROUP, ProcessGroup, ProjectionRegistry } from '@iys/platform/nest';

/** Counting a projection's lag stops here: beyond it the number only says "far behind". */
const LAG_CAP = 100_000;
/** Asks every other API process of the machine for its own metrics (docs/adr/0058). */
const COLLECT_EVENT = 'metrics.collect';
type ProcessMetrics = MetricObjectWithValues<MetricValue<string>>[];

/**
 * The registry's Prometheus metrics (ADR 0042), one registry per application instance (tests run
 * several in one process): HTTP requests by route template and status, projection lag, the C3/RA
 * batch queue, the outbox backlog and dead letters, events appended, and the pool. Gauges that need
 * the database are read at scrape time; while it is unreachable they are absent and
 * `iys_database_up` is 0, never a failed scrape. With several API processes (ADR 0058) a scrape answers
 * for all of them: the process that serves it reads the database gauges once and adds up every
 * process's own counters, histograms and pool (prom-client's cluster aggregation).
 */
@Injectable()
export class RegistryMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'iys_http_requests_total', help: 'HTTP requests answered, by method, route template and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'iys_http_request_duration_seconds',
    help: 'Time from the request to the answer, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PostgresEventStore) store: PostgresEventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry,
    @Inject(PROCESS_GROUP) private readonly group: ProcessGroup,
  ) {
    const appended = new Counter({ name: 'iys_event_store_appended_events_total', help: 'Events written to the event store by this process (replayed commands write none)', registers: [this.registry] });
    store.observeAppends((events) => appended.inc(events));

    const poolGauge = new Gauge({
      name: 'iys_db_pool_connections',
      help: 'Connections of this process\'s pool by state (total, idle, waiting clients, max)',
      labelNames: ['state'],
      registers: [this.registry],
      collect: () => {
        poolGauge.set({ state: 'total' }, pool.totalCount);
        poolGauge.set({ state: 'idle' }, pool.idleCount);
        poolGauge.set({ state: 'waiting' }, pool.waitingCount);
        poolGauge.set({ state: 'max' }, (pool as unknown as { options: { max: number } }).options.max);
      },
    });

    const lag = new Gauge({ name: 'iys_projection_lag_events', help: `Events an async projection has still to apply (counted up to ${LAG_CAP})`, labelNames: ['projection'], registers: [this.registry] });
    const batches = new Gauge({ name: 'iys_batch_queue_requests', help: 'Accepted C3/RA batch requests not yet completed, by kind', labelNames: ['kind'], registers: [this.registry] });
    const batchItems = new Gauge({ name: 'iys_batch_queue_items', help: 'Items of the batch requests not yet completed, by kind', labelNames: ['kind'], registers: [this.registry] });
    const backlog = new Gauge({ name: 'iys_outbox_backlog', help: 'Outbox messages waiting to be sent, by channel', labelNames: ['channel'], registers: [this.registry] });
    const dead = new Gauge({ name: 'iys_outbox_dead_letters', help: 'Outbox messages that exhausted their attempts, by channel', labelNames: ['channel'], registers: [this.registry] });
    this.databaseUp = new Gauge({ name: 'iys_database_up', help: '1 when the database answered this scrape\'s queries', registers: [this.registry] });
    this.databaseGauges = { lag, batches, batchItems, backlog, dead };
    const perDatabase = new Set(['iys_database_up', ...Object.values(this.databaseGauges).map((gauge) => (gauge as unknown as { name: string }).name)]);
    group.on(COLLECT_EVENT, async (): Promise<ProcessMetrics> => (await this.registry.getMetricsAsJSON()).filter((metric) => !perDatabase.has(metric.name)) as ProcessMetrics);
  }

  private readonly databaseUp: Gauge;
  private readonly databaseGauges: Record<'lag' | 'batches' | 'batchItems' | 'backlog' | 'dead', Gauge>;

  /**
   * The metrics in Prometheus' text format. The gauges that need the database are read first, in one
   * round of queries (prom-client collects metrics concurrently, so they cannot be its collectors).
   */
  async scrape(): Promise<string> {
    for (const gauge of Object.values(this.databaseGauges)) gauge.reset();
    try {
      await this.readDatabaseGauges(this.databaseGauges);
      this.databaseUp.set(1);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.databaseUp.set(0);
    }
    if (!this.group.member) return this.registry.metrics();
    const others = await this.group.broadcast<ProcessMetrics>({ kind: COLLECT_EVENT });
    const own = (await this.registry.getMetricsAsJSON()) as ProcessMetrics;
    return AggregatorRegistry.aggregate([own, ...others]).metrics();
  }

  /** Counts every answered request under its route template (`/sps/:iysCode/brands`), never its concrete path. */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      this.requests.inc(labels);
      this.latency.observe(labels, reply.elapsedTime / 1000);
    });
  }

  private async readDatabaseGauges(gauges: Record<'lag' | 'batches' | 'batchItems' | 'backlog' | 'dead', Gauge>): Promise<void> {
    for (const definition of this.projections.all()) {
      const { events } = await this.runner.lag(definition, LAG_CAP);
      gauges.lag.set({ projection: `${definition.name}@v${definition.version}` }, events);
    }
    const queued = await this.pool.query<{ kind: string; requests: string; items: string }>(
      `SELECT kind, count(*) AS requests, coalesce(sum(item_count), 0) AS items FROM consent.batch_requests WHERE completed_at IS NULL GROUP BY kind`,
    );
    for (const kind of ['consent', 'retailer-access']) {
      const row = queued.rows.find((candidate) => candidate.kind === kind);
      gauges.batches.set({ kind }, Number(row?.requests ?? 0));
      gauges.batchItems.set({ kind }, Number(row?.items ?? 0));
    }
    const outbox = await this.pool.query<{ channel: string; status: string; count: string }>(
      `SELECT channel, status, count(*) AS count FROM outbox.messages WHERE status IN ('pending', 'dead') GROUP BY channel, status`,
    );
    for (const channel of ['sms', 'email', 'call']) {
      const count = (status: string) => Number(outbox.rows.find((row) => row.channel === channel && row.status === status)?.count ?? 0);
      gauges.backlog.set({ channel }, count('pending'));
      gauges.dead.set({ channel }, count('dead'));
    }
  }
}
