import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@iys/platform/config';
import { createLogger, failWith, openRuntime, PinoNestLogger, ProcessGroup, ProcessLifecycle } from '@iys/platform/nest';
import { allMigrations } from '@iys/composition';
import { WorkerModule } from './worker.module.js';

/**
 * The background work (batches, projections, outbox, scheduled jobs) without HTTP: `npm run
 * start:worker` beside APIs started with IYS_RUN_WORKER_IN_API=false, or the worker process the
 * API's primary starts when it runs several API processes (docs/adr/0058).
 */
async function main(): Promise<void> {
  const lifecycle = new ProcessLifecycle().install();
  try {
    const config = loadConfig();
    const group = ProcessGroup.forThisProcess();
    const logger = createLogger(config.LOG_LEVEL, 'iys-worker');
    lifecycle.useLogger(logger);
    const runtime = await openRuntime(config, logger, {
      migrations: allMigrations,
      runProjections: true,
      applicationName: 'iys-worker',
      migrate: !group.member,
      processGroup: group,
    });
    lifecycle.onShutdown('database', () => runtime.close());
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(runtime), { logger: new PinoNestLogger(logger) });
    lifecycle.onShutdown('application', () => app.close());
    await app.init();
    if (group.member) group.ready();
    else logger.info('İYS worker running');
    lifecycle.started();
  } catch (error) {
    await lifecycle.release();
    failWith(error);
  }
}

// A bad setting (loadConfig throws) is one line on stderr too, not an unhandled rejection's stack.
main().catch(failWith);
