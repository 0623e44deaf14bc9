import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { PlatformModule, type PlatformRuntime } from '@iys/platform/nest';
import { contextModules } from '@iys/composition';
import { WebModule } from '@iys/platform/web';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { RegistryMetrics } from './metrics/registry-metrics.js';

/** The composition root: the platform, then every bounded context's public module. */
@Module({})
export class AppModule {
  static forRoot(runtime: PlatformRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(runtime), ScheduleModule.forRoot(), TerminusModule.forRoot(), WebModule, ...contextModules],
      controllers: [HealthController, MetricsController],
      providers: [RegistryMetrics],
    };
  }
}
