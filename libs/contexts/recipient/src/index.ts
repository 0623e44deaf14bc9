// Public surface of the recipient context: its Nest module and migrations, which apps compose.
// Other contexts must not import from here; they use @iys/contracts.
import { Recipient1732300009000 } from './infrastructure/read-models/migrations/1732300009000-recipient.migration.js';
import { PendingNoticesByTime1732300062000 } from './infrastructure/read-models/migrations/1732300062000-pending-notices-by-time.migration.js';

export { RecipientModule } from './recipient.module.js';
export const recipientMigrations = [Recipient1732300009000, PendingNoticesByTime1732300062000];
