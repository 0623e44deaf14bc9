import { complaintMigrations, ComplaintModule } from '@iys/complaint';
import { consentMigrations, ConsentModule } from '@iys/consent';
import { dealerMigrations, DealerModule } from '@iys/dealer';
import { identityAccessMigrations, IdentityAccessModule } from '@iys/identity-access';
import type { MigrationClass } from '@iys/platform/database';
import { eventStoreMigrations } from '@iys/platform/event-store';
import { outboxMigrations, OutboxModule } from '@iys/platform/outbox';
import { piiMigrations } from '@iys/platform/pii';
import { ReconciliationModule, reconciliationMigrations } from '@iys/reconciliation';
import { recipientMigrations, RecipientModule } from '@iys/recipient';
import { serviceProviderMigrations, ServiceProviderModule } from '@iys/service-provider';

/**
 * @iys/composition: what the registry is made of, shared by the API, the worker and the CLI (and the
 * test harnesses and benchmarks that start them): the outbox every context
 * sends through (global, so it comes first), every bounded context's public module, and every
 * schema change (applied in timestamp order at start-up).
 */
export const contextModules = [OutboxModule, IdentityAccessModule, ServiceProviderModule, ConsentModule, RecipientModule, ComplaintModule, DealerModule, ReconciliationModule];

export const allMigrations: MigrationClass[] = [...eventStoreMigrations, ...piiMigrations, ...outboxMigrations, ...serviceProviderMigrations, ...identityAccessMigrations, ...consentMigrations, ...reconciliationMigrations, ...recipientMigrations, ...dealerMigrations, ...complaintMigrations];
