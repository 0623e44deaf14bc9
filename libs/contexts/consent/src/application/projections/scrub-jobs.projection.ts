import type { SqlExecutor } from '@iys/platform/database';
import { toDomainEvent, type ProjectionDefinition, type RecordedEvent } from '@iys/platform/event-store';
import type { ScrubJobEvent } from '../../domain/scrub-job.decider.js';

/** Scrub jobs as the workers and the progress endpoint see them. Inline: a job submitted is a job queued. */
export const scrubJobsProjection: ProjectionDefinition = {
  name: 'consent.scrub-jobs',
  version: 1,
  inline: true,
  categories: ['scrubJob'],
  eventTypes: ['consent.ScrubJobSubmitted', 'consent.ScrubJobCompleted'],
  async handle(events: RecordedEvent[], tx: SqlExecutor) {
    for (const recorded of events) {
      const event = toDomainEvent<ScrubJobEvent>(recorded);
      if (event.type === 'consent.ScrubJobSubmitted') {
        const d = event.data;
        await tx.query(
          `INSERT INTO consent.scrub_jobs (job_id, operator_code, sender, type, category, total, chunk_count, submitted_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (job_id) DO NOTHING`,
          [d.jobId, d.operatorCode, JSON.stringify(d.sender), d.consentType, d.category, d.total, d.chunkCount, d.submittedAt, d.expiresAt],
        );
      } else {
        await tx.query('UPDATE consent.scrub_jobs SET completed_at = $2, allowed = $3 WHERE job_id = $1', [event.data.jobId, event.data.completedAt, event.data.allowed]);
      }
    }
  },
  async reset(tx: SqlExecutor) {
    // Progress counters live beside the projected columns; a rebuild starts every job over.
    await tx.query('TRUNCATE consent.scrub_jobs');
    await tx.query('UPDATE consent.scrub_job_chunks SET result = NULL, allowed = NULL');
  },
};
