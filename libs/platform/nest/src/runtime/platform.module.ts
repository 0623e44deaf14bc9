import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import type pg from 'pg';
import type { Logger } from 'pino';
import { systemClock, uuidGenerator, type Clock } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import { ReadRouter, sharedPoolDriver } from '@iys/platform/database';
import { EventChainVerifier, PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { PiiVault } from '@iys/platform/pii';
import { ProjectionDaemonService } from './projection-daemon.service.js';
import { ProjectionRegistry } from './projection-registry.js';
import { APP_CONFIG, CLOCK, ID_GENERATOR, PG_POOL, PROCESS_GROUP, REPLICA_READS, ROOT_LOGGER, TOKEN_SIGNING_KEY } from './platform.tokens.js';
import { ProcessGroup } from './process-group.js';
import { ReadYourWritesInterceptor } from './read-your-writes.interceptor.js';

export interface PlatformRuntime {
  config: AppConfig;
  pool: pg.Pool;
  /** Routes the read paths to hot standbys (ADR 0047); absent: every read goes to the primary. */
  readRouter?: ReadRouter;
  vault: PiiVault;
  logger: Logger;
  clock?: Clock;
  /** Run async projections in this process (worker, or the API in the one-machine default). */
  runProjections: boolean;
  instanceId: string;
  /** Signs access tokens. */
  tokenSigningKey: Buffer;
  /** The machine's API processes (docs/adr/0058); absent: this process is alone. */
  processGroup?: ProcessGroup;
}

/**
 * The platform's services for every context: one pool, the event store, projections, the
 * personal-data vault. Built from resources the entry point opened (database started, migrated).
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(runtime: PlatformRuntime): DynamicModule {
    const clock = runtime.clock ?? systemClock;
    const store = new PostgresEventStore({ pool: runtime.pool, clock });
    const readRouter = runtime.readRouter ?? new ReadRouter({ primary: runtime.pool });
    return {
      module: PlatformModule,
      imports: [
        CqrsModule.forRoot(),
        // TypeORM for plain CRUD read models, on the same pool as the event store (ADR 0049).
        // Migrations stay with the entry points, which run them under a lock before the app starts.
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres', driver: sharedPoolDriver(runtime.pool), autoLoadEntities: true, synchronize: false, migrationsRun: false, logging: false }),
        }),
      ],
      providers: [
        // The config keeps its class (a spread would drop getters such as isProduction and trustProxy).
        { provide: APP_CONFIG, useValue: Object.assign(Object.create(Object.getPrototypeOf(runtime.config) as object) as AppConfig, runtime.config, { runProjections: runtime.runProjections }) },
        { provide: PG_POOL, useValue: runtime.pool },
        { provide: ReadRouter, useValue: readRouter },
        { provide: REPLICA_READS, useValue: readRouter.reads },
        // Only with standbys: without one it has nothing to do, and any global interceptor puts
        // every request through an rxjs pipeline (docs/adr/0067).
        ...(readRouter.hasReplicas ? [{ provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor }] : []),
        { provide: CLOCK, useValue: clock },
        { provide: ID_GENERATOR, useValue: uuidGenerator },
        { provide: ROOT_LOGGER, useValue: runtime.logger },
        { provide: TOKEN_SIGNING_KEY, useValue: runtime.tokenSigningKey },
        { provide: PROCESS_GROUP, useValue: runtime.processGroup ?? new ProcessGroup() },
        { provide: PiiVault, useValue: runtime.vault },
        { provide: PostgresEventStore, useValue: store },
        { provide: ProjectionRunner, useValue: new ProjectionRunner(runtime.pool, store, { instanceId: runtime.instanceId }) },
        { provide: EventChainVerifier, useValue: new EventChainVerifier(readRouter.reads) },
        ProjectionRegistry,
        ProjectionDaemonService,
      ],
      exports: [APP_CONFIG, PG_POOL, PROCESS_GROUP, ReadRouter, REPLICA_READS, CLOCK, ID_GENERATOR, ROOT_LOGGER, TOKEN_SIGNING_KEY, PiiVault, PostgresEventStore, ProjectionRunner, EventChainVerifier, ProjectionRegistry],
    };
  }
}
