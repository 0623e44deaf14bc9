import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock, IdGenerator } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore, streamId } from '@iys/platform/event-store';
import { APP_CONFIG, CLOCK, ID_GENERATOR } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { scrubJobDecider } from '../../../domain/scrub-job.decider.js';
import { SCRUB_CHUNK_SIZE, ScrubChunkSeal } from '../../scrub/scrub-chunks.js';
import { SCRUB_JOB_RECORDS, type ScrubJobRecords } from '../../scrub/scrub-job-records.port.js';
import { SubmitScrubJobCommand } from './submit-scrub-job.command.js';

export const scrubJobStream = (jobId: string) => streamId('scrubJob', jobId);
const CHUNKS_PER_STATEMENT = 10;

/**
 * Stages the list as sealed chunks, then records the job (decider → event store; its inline
 * projection makes the job visible to the workers). A crash before the event leaves only staged
 * chunks of no job, which the nightly pruning removes.
 */
@CommandHandler(SubmitScrubJobCommand)
export class SubmitScrubJobHandler implements ICommandHandler<SubmitScrubJobCommand, { jobId: string; total: number }> {
  private readonly seal: ScrubChunkSeal;

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(SCRUB_JOB_RECORDS) private readonly records: ScrubJobRecords,
    @Inject(PiiVault) vault: PiiVault,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) private readonly config: { IYS_SCRUB_RESULT_DAYS: number },
  ) {
    this.seal = new ScrubChunkSeal(vault);
  }

  async execute(command: SubmitScrubJobCommand): Promise<{ jobId: string; total: number }> {
    const jobId = this.ids.next().toLowerCase();
    const now = this.clock.now();
    const chunkCount = Math.ceil(command.recipients.length / SCRUB_CHUNK_SIZE);
    for (let first = 0; first < chunkCount; first += CHUNKS_PER_STATEMENT) {
      const numbers = Array.from({ length: Math.min(CHUNKS_PER_STATEMENT, chunkCount - first) }, (_, i) => first + i);
      const sealed = numbers.map((n) => JSON.stringify(this.seal.seal(jobId, n, 'input', command.recipients.slice(n * SCRUB_CHUNK_SIZE, (n + 1) * SCRUB_CHUNK_SIZE))));
      await this.records.stageChunks(jobId, now, numbers, sealed);
    }
    await handleCommand(
      this.store,
      scrubJobDecider,
      scrubJobStream(jobId),
      {
        type: 'SubmitScrubJob',
        jobId,
        operatorCode: command.operatorCode,
        sender: command.sender,
        consentType: command.consentType,
        category: command.category,
        total: command.recipients.length,
        chunkCount,
        submittedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.config.IYS_SCRUB_RESULT_DAYS * 86_400_000).toISOString(),
      },
      { metadata: { actorKind: 'system', actorId: `operator:${command.operatorCode}`, channel: 'operator-gate' } },
    );
    await this.records.wakeWorkers(jobId);
    return { jobId, total: command.recipients.length };
  }
}
