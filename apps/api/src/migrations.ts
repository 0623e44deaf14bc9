import type { MigrationClass } from '@iys/platform/database';
import { eventStoreMigrations } from '@iys/platform/event-store';
import { piiMigrations } from '@iys/platform/pii';

/** Every schema change of the platform and the contexts, applied in timestamp order at start-up. */
export const allMigrations: MigrationClass[] = [...eventStoreMigrations, ...piiMigrations];
