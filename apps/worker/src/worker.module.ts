import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { PlatformModule, type PlatformRuntime } from '@iys/platform/nest';
import { contextModules } from '@iys/composition';

/**
 * The worker: the same contexts without HTTP, running async projections and scheduled jobs. Run it
 * beside APIs started with IYS_RUN_WORKER_IN_API=false to scale them apart.
 */
@Module({})
export class WorkerModule {
  static forRoot(runtime: PlatformRuntime): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(runtime), ScheduleModule.forRoot(), ...contextModules],
    };
  }
}
