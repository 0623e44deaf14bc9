import { PanelDealersController } from './infrastructure/web/panel-dealers.controller.js';
import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DealerContracts } from '@iys/contracts';
import { ProjectionRegistry } from '@iys/platform/nest';
import { DeleteRetailerHandler } from './application/commands/delete-retailer/delete-retailer.handler.js';
import { RegisterRetailerHandler } from './application/commands/register-retailer/register-retailer.handler.js';
import { dealerBrandsProjection } from './application/projections/dealer-brands.projection.js';
import { retailersProjection } from './application/projections/retailers.projection.js';
import { GetRetailerHandler } from './application/queries/get-retailer/get-retailer.handler.js';
import { ListRetailersHandler } from './application/queries/list-retailers/list-retailers.handler.js';
import { RetailerDirectoryProvider } from './application/queries/retailer-directory/retailer-directory.provider.js';
import { RETAILER_RECORDS } from './application/queries/retailer-records.port.js';
import { DEALER_READ_MODEL } from './application/dealer-read-model.port.js';
import { PostgresDealerReadModel } from './infrastructure/read-models/postgres-dealer-read-model.js';
import { RetailerViews } from './application/queries/retailer-view.js';
import { InfoController } from './infrastructure/http/info.controller.js';
import { RetailersController } from './infrastructure/http/retailers.controller.js';
import { RetailerRecord } from './infrastructure/read-models/retailer.record.js';
import { TypeOrmRetailerRecords } from './infrastructure/read-models/typeorm-retailer-records.repository.js';

/**
 * The dealer context: a brand's retailers (İYS R1–R4) and the İl/İlçe reference data. Global only
 * so that its published RetailerDirectory port (@iys/contracts) reaches other contexts by token.
 */
@Global()
@Module({
  imports: [CqrsModule, TypeOrmModule.forFeature([RetailerRecord])],
  controllers: [RetailersController, InfoController, PanelDealersController],
  providers: [
    RegisterRetailerHandler,
    DeleteRetailerHandler,
    ListRetailersHandler,
    GetRetailerHandler,
    RetailerViews,
    { provide: RETAILER_RECORDS, useClass: TypeOrmRetailerRecords },
    { provide: DEALER_READ_MODEL, useClass: PostgresDealerReadModel },
    { provide: DealerContracts.RETAILER_DIRECTORY, useClass: RetailerDirectoryProvider },
  ],
  exports: [DealerContracts.RETAILER_DIRECTORY],
})
export class DealerModule implements OnModuleInit {
  constructor(@Inject(ProjectionRegistry) private readonly projections: ProjectionRegistry) {}

  onModuleInit(): void {
    this.projections.ownStreams(DealerContracts.STREAMS);
    this.projections.register(dealerBrandsProjection);
    this.projections.register(retailersProjection);
  }
}
