import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ComplaintModule } from '@iys/complaint';
import { ConsentModule } from '@iys/consent';
import { DealerModule } from '@iys/dealer';
import { PlatformModule, type PlatformRuntime } from '@iys/platform/nest';
import { ReconciliationModule } from '@iys/reconciliation';
import { RecipientModule } from '@iys/recipient';
import { ServiceProviderModule } from '@iys/service-provider';
import { HealthController } from './health/health.controller.js';

/** The composition root: the platform, then every bounded context's public module. */
@Module({})
export class AppModule {
  static forRoot(runtime: PlatformRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(runtime),
        TerminusModule,
        ServiceProviderModule,
        ConsentModule,
        RecipientModule,
        ComplaintModule,
        DealerModule,
        ReconciliationModule,
      ],
      controllers: [HealthController],
    };
  }
}
