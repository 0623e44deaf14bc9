import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import type { AppConfig } from '@iys/platform/config';
import { ProjectionDaemon, ProjectionRunner } from '@iys/platform/event-store';
import { ProjectionRegistry } from './projection-registry.js';
import { APP_CONFIG, PG_POOL } from './platform.tokens.js';

/** Starts the projection daemon once every context has registered its projections. */
@Injectable()
export class ProjectionDaemonService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('projections');
  private daemon?: ProjectionDaemon;

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig & { runProjections: boolean },
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ProjectionRegistry) private readonly registry: ProjectionRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Checkpoints exist even where the daemon runs elsewhere, so /health can report lag at once.
    for (const definition of this.registry.all()) await this.runner.register(definition);
    if (!this.config.runProjections) return;
    this.daemon = new ProjectionDaemon(this.pool, this.runner, [...this.registry.all()], {
      pollMs: this.config.IYS_PROJECTION_POLL_MS,
      logger: {
        error: (details, message) => this.logger.error(details, message),
        warn: (details, message) => this.logger.warn(details, message),
        info: (details, message) => this.logger.log(details, message),
      },
    });
    await this.daemon.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.daemon?.stop();
  }
}
