// Public surface of the consent context: its Nest module and migrations. Other contexts use @iys/contracts.
import { ConsentReadModels1732300004000 } from './infrastructure/read-models/migrations/1732300004000-consent-read-models.migration.js';
import { ConsentVerification1732300005000 } from './infrastructure/read-models/migrations/1732300005000-consent-verification.migration.js';
import { ConsentOutboxToPlatformOutbox1732300008100 } from './infrastructure/read-models/migrations/1732300008100-consent-outbox-to-platform-outbox.migration.js';
import { OperatorGate1732300015100 } from './infrastructure/read-models/migrations/1732300015100-operator-gate.migration.js';
import { GateHistory1732300041510 } from './infrastructure/read-models/migrations/1732300041510-gate-history.migration.js';
import { ChangeFeedShardKey1732300040200 } from './infrastructure/read-models/migrations/1732300040200-change-feed-shard-key.migration.js';

import { RetailerAccess1732300013200 } from './infrastructure/read-models/migrations/1732300013200-retailer-access.migration.js';

export { ConsentModule } from './consent.module.js';
// The CLI's `scrub` (apps/cli): submit a list, work it through, write the result.
export { SubmitScrubJobCommand } from './application/commands/submit-scrub-job/submit-scrub-job.command.js';
export { GetScrubJobQuery } from './application/queries/get-scrub-job/get-scrub-job.query.js';
export type { ScrubJobProgress } from './application/queries/get-scrub-job/get-scrub-job.handler.js';
export { GetScrubJobResultQuery } from './application/queries/get-scrub-job-result/get-scrub-job-result.query.js';
export { ScrubJobWorker } from './application/scrub/scrub-job.worker.js';
export { parseScrubList, type ScrubFormat } from './application/scrub/scrub-input.js';
export { isCategory, isConsentType, parseSender } from './application/gate/gate-input.js';
export const consentMigrations = [ConsentReadModels1732300004000, ConsentVerification1732300005000, ConsentOutboxToPlatformOutbox1732300008100, RetailerAccess1732300013200, OperatorGate1732300015100, ChangeFeedShardKey1732300040200, GateHistory1732300041510];
// The panel's bulk upload (apps/api/src/web): read a file, stage it with its preview, submit it, follow it.
export { readConsentUpload, consentUploadResultCsv, UPLOAD_COLUMNS, type UploadFormat } from './infrastructure/upload/consent-upload-reader.js';
export { StageConsentUploadCommand } from './application/commands/stage-consent-upload/stage-consent-upload.command.js';
export type { StagedUpload } from './application/commands/stage-consent-upload/stage-consent-upload.handler.js';
export { SubmitConsentUploadCommand } from './application/commands/submit-consent-upload/submit-consent-upload.command.js';
export { GetConsentUploadQuery } from './application/queries/get-consent-upload/get-consent-upload.query.js';
export type { ConsentUploadView, UploadRowOutcome } from './application/queries/get-consent-upload/get-consent-upload.handler.js';
