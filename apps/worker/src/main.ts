import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@iys/platform/config';
import { createLogger, failWith, onShutdownSignal, openRuntime, PinoNestLogger, type OpenRuntime } from '@iys/platform/nest';
import { allMigrations } from '../../api/src/composition.js';
import { WorkerModule } from './worker.module.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'iys-worker');
  let runtime: OpenRuntime | undefined;
  try {
    runtime = await openRuntime(config, logger, { migrations: allMigrations, runProjections: true, applicationName: 'iys-worker' });
    const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(runtime), { logger: new PinoNestLogger(logger) });
    await app.init();
    logger.info('İYS worker running');
    const opened = runtime;
    onShutdownSignal(logger, async () => {
      await app.close();
      await opened.close();
    });
  } catch (error) {
    await runtime?.close();
    failWith(error);
  }
}

// A bad setting (loadConfig throws) is one line on stderr too, not an unhandled rejection's stack.
main().catch(failWith);
