import { ComplaintModule } from '@iys/complaint';
import { consentMigrations, ConsentModule } from '@iys/consent';
import { DealerModule } from '@iys/dealer';
import type { MigrationClass } from '@iys/platform/database';
import { eventStoreMigrations } from '@iys/platform/event-store';
import { piiMigrations } from '@iys/platform/pii';
import { ReconciliationModule, reconciliationMigrations } from '@iys/reconciliation';
import { RecipientModule } from '@iys/recipient';
import { serviceProviderMigrations, ServiceProviderModule } from '@iys/service-provider';

/**
 * What the registry is made of, shared by the API and the worker: every bounded context's public
 * module, and every schema change (applied in timestamp order at start-up).
 */
export const contextModules = [ServiceProviderModule, ConsentModule, RecipientModule, ComplaintModule, DealerModule, ReconciliationModule];

export const allMigrations: MigrationClass[] = [...eventStoreMigrations, ...piiMigrations, ...serviceProviderMigrations, ...consentMigrations, ...reconciliationMigrations];
