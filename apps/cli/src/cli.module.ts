import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { PinoNestLogger, PlatformModule, type PlatformRuntime } from '@iys/platform/nest';
import { contextModules } from '@iys/composition';

/**
 * The administrator's CLI: the same contexts as the API and the worker, without HTTP and without
 * projections; its commands go through the very CommandBus and QueryBus the admin API uses.
 */
@Module({})
export class CliModule {
  static forRoot(runtime: PlatformRuntime): DynamicModule {
    return {
      module: CliModule,
      imports: [PlatformModule.forRoot(runtime), ...contextModules],
    };
  }
}

export interface CliApplication {
  app: INestApplicationContext;
  commands: CommandBus;
  queries: QueryBus;
  close(): Promise<void>;
}

/** The Nest application context on an opened runtime (the caller still closes the runtime). */
export async function createCliApplication(runtime: PlatformRuntime): Promise<CliApplication> {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(runtime), {
    logger: new PinoNestLogger(runtime.logger),
    abortOnError: false,
  });
  try {
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { app, commands: app.get(CommandBus), queries: app.get(QueryBus), close: () => app.close() };
}
