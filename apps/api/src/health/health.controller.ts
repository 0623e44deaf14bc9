import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import type pg from 'pg';
import type { AppConfig } from '@iys/platform/config';
import { isDatabaseUnavailable, ReadRouter } from '@iys/platform/database';
import { ProjectionRunner } from '@iys/platform/event-store';
import { APP_CONFIG, IYS_ERROR_ENVELOPE, PG_POOL, ProjectionRegistry, Public } from '@iys/platform/nest';
import { allMigrations } from '@iys/composition';
import { REGISTRY_VERSION } from '../version.js';

/** The migrations this build expects, by the name TypeORM records in `schema_migrations`. */
const EXPECTED_MIGRATIONS = allMigrations.map((Migration) => (new Migration() as { name?: string }).name ?? Migration.name);

/** A health answer: each check `up` or `down` with its detail, and for `/health` the version and uptime. */
const healthSchema = (extra: Record<string, object>) => ({
  type: 'object',
  required: ['status', 'details', ...Object.keys(extra)],
  properties: {
    status: { type: 'string', enum: ['ok', 'error'] },
    ...extra,
    details: {
      type: 'object',
      additionalProperties: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up', 'down'] } } },
      example: { database: { status: 'up', migrations: 'applied' } },
    },
  },
});
const DETAIL = healthSchema({ version: { type: 'string', example: '0.1.0' }, uptimeSeconds: { type: 'integer', example: 42 } });
const READY = healthSchema({});
/** A failing check answers its health body; the edge's own 503 (H652) the envelope. */
const down = (schema: object) => ({ status: 503, description: 'A check is down (or the edge refuses: H652)', schema: { oneOf: [schema, { $ref: `#/components/schemas/${IYS_ERROR_ENVELOPE}` }] } });

/**
 * Kubernetes-style probes and the operator's detail:
 * - `/health/live`: the process answers (no database: a database outage must not restart every pod);
 * - `/health/ready`: the database is reachable and every migration of this build is applied;
 * - `/health`: every check with its detail (database, projection lag, replicas), the version and the uptime.
 * A failing check answers 503 and names it; it is a warning in the log, never an error.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('health');

  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ReadRouter) private readonly router: ReadRouter,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every check with its detail (database, projection lag, read replicas in rotation), the version and the uptime; 503 when one is down' })
  @ApiOkResponse({ schema: DETAIL })
  @ApiResponse(down(DETAIL))
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(
      reply,
      { ...(await this.database()), ...(await this.projectionLag()), ...this.replicas() },
      { version: REGISTRY_VERSION, uptimeSeconds: Math.floor(process.uptime()) },
    );
  }

  /**
   * Each replica's lag and whether it serves reads (ADR 0047). Up even with every replica out of
   * rotation: the primary answers their reads, so the API is not the worse for it.
   */
  private replicas(): HealthIndicatorResult {
    const replicas = this.router.status();
    return this.indicators.check('replicas').up({ inRotation: replicas.filter((replica) => replica.inRotation).length, replicas });
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (never asks the database)' })
  @ApiOkResponse({ schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database is reachable and every migration of this build is applied; 503 otherwise' })
  @ApiOkResponse({ schema: READY })
  @ApiResponse(down(READY))
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, await this.migrations());
  }

  private answer(reply: FastifyReply, details: HealthIndicatorResult, extra: Record<string, unknown> = {}) {
    const down = Object.entries(details).filter(([, result]) => result.status !== 'up');
    if (down.length > 0) this.logger.warn({ down: Object.fromEntries(down) }, 'health check down');
    void reply.status(down.length === 0 ? 200 : 503);
    return { status: down.length === 0 ? 'ok' : 'error', ...extra, details };
  }

  private async database(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      await this.pool.query('SELECT 1');
      return indicator.up();
    } catch (error) {
      return indicator.down(unreachable(error));
    }
  }

  /** Reachable, and no migration of this build missing from `schema_migrations` (one query does both). */
  private async migrations(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    let applied: Set<string>;
    try {
      const { rows } = await this.pool.query<{ name: string }>('SELECT name FROM schema_migrations');
      applied = new Set(rows.map((row) => row.name));
    } catch (error) {
      // The table itself missing is "nothing applied"; anything else is the database being unreachable.
      if ((error as { code?: string }).code === '42P01') applied = new Set();
      else return indicator.down(unreachable(error));
    }
    const pending = EXPECTED_MIGRATIONS.filter((name) => !applied.has(name));
    return pending.length === 0 ? indicator.up({ migrations: 'applied' }) : indicator.down({ migrations: 'pending', pending: pending.length });
  }

  /** Lag in events per projection; a stalled one (long transaction, failing handler) turns this down. */
  private async projectionLag(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('projections');
    const lag: Record<string, number> = {};
    let healthy = true;
    try {
      for (const definition of this.projections.all()) {
        const { events } = await this.runner.lag(definition, this.config.IYS_PROJECTION_LAG_ALERT + 1);
        lag[`${definition.name}@v${definition.version}`] = events;
        if (events > this.config.IYS_PROJECTION_LAG_ALERT) healthy = false;
      }
    } catch (error) {
      // Lag cannot be read without the database: this check is down too (503), never a 500.
      return indicator.down(unreachable(error));
    }
    return healthy ? indicator.up({ lag }) : indicator.down({ lag });
  }
}

/** What an operator needs, without the driver's message (it can name hosts and users). */
function unreachable(error: unknown): { reason: string; code?: string } {
  const code = (error as { code?: unknown }).code;
  return { reason: isDatabaseUnavailable(error) ? 'database unavailable' : 'query failed', ...(typeof code === 'string' ? { code } : {}) };
}
