// Public surface of the complaint context: its Nest module and migrations, which apps compose.
// Other contexts must not import from here; they use @iys/contracts.
import { Complaint1732300036000 } from './infrastructure/read-models/migrations/1732300036000-complaint.migration.js';
import { ComplaintFollowUp1732300044000 } from './infrastructure/read-models/migrations/1732300044000-complaint-follow-up.migration.js';
import { ComplaintQueueTieBreaker1732300070000 } from './infrastructure/read-models/migrations/1732300070000-complaint-queue-tie-breaker.migration.js';

export { ComplaintModule } from './complaint.module.js';
export const complaintMigrations = [Complaint1732300036000, ComplaintFollowUp1732300044000, ComplaintQueueTieBreaker1732300070000];
export { GetComplaintStatsQuery } from './application/queries/get-complaint-stats/get-complaint-stats.query.js';
export { complaintStatsCsv, type ComplaintStats } from './application/queries/get-complaint-stats/get-complaint-stats.handler.js';
export { GetComplaintChartsQuery } from './application/queries/get-complaint-charts/get-complaint-charts.query.js';
export type { ComplaintCharts } from './application/queries/get-complaint-charts/get-complaint-charts.handler.js';
