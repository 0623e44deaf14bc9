import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type pg from 'pg';
import type { AppConfig } from '@iys/platform/config';
import { isDatabaseUnavailable, ReadRouter } from '@iys/platform/database';
import { ProjectionRunner } from '@iys/platform/event-store';
import { APP_CONFIG, PG_POOL, ProjectionRegistry, Public } from '@iys/platform/nest';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ReadRouter) private readonly router: ReadRouter,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Database reachability, the lag of every projection, and which read replicas are in rotation' })
  check() {
    return this.health.check([() => this.database(), () => this.projectionLag(), () => this.replicas()]);
  }

  /**
   * Each replica's lag and whether it serves reads (ADR 0047). Up even with every replica out of
   * rotation: the primary answers their reads, so the API is not the worse for it.
   */
  private replicas() {
    const replicas = this.router.status();
    return this.indicators.check('replicas').up({ inRotation: replicas.filter((replica) => replica.inRotation).length, replicas });
  }

  private async database() {
    const indicator = this.indicators.check('database');
    try {
      await this.pool.query('SELECT 1');
      return indicator.up();
    } catch (error) {
      return indicator.down(unreachable(error));
    }
  }

  /** Lag in events per projection; a stalled one (long transaction, failing handler) turns this down. */
  private async projectionLag() {
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
