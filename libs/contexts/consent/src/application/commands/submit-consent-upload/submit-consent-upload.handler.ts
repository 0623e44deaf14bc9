import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK } from '@iys/platform/nest';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { consentUploadDecider, uploadError } from '../../../domain/consent-upload.decider.js';
import { providerContext } from '../../consent-actor.js';
import { ConsentRegistrar } from '../../consent-registrar.js';
import { consentUploadStream, readUpload, uploadMetadata, type SealedUploadRows } from '../../consent-upload-streams.js';
import { MAX_BATCH_SIZE } from '../submit-consent-batch/submit-consent-batch.handler.js';
import { SubmitConsentBatchCommand } from '../submit-consent-batch/submit-consent-batch.command.js';
import { SubmitConsentUploadCommand } from './submit-consent-upload.command.js';

/**
 * The rows are judged again (time and the registry moved since the preview); the submission is
 * claimed first (a second submit is refused H821, so a double click sends nothing twice); each chunk
 * then goes through C3's own use case and is recorded with its requestId. Once every row is in a
 * batch, the upload's vault subject is shredded: its sealed copy of the rows can no longer be read.
 */
@CommandHandler(SubmitConsentUploadCommand)
export class SubmitConsentUploadHandler implements ICommandHandler<SubmitConsentUploadCommand, { uploadId: string; batches: number }> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(ConsentRegistrar) private readonly registrar: ConsentRegistrar,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ iysCode, brandCode, uploadId, principal }: SubmitConsentUploadCommand): Promise<{ uploadId: string; batches: number }> {
    const stream = consentUploadStream(uploadId);
    const { staged, submitted } = await readUpload(this.store, uploadId, iysCode, brandCode);
    if (submitted) throw uploadError('H821');
    const rows = JSON.parse(await this.vault.decrypt(staged.rows as EncryptedValue)) as SealedUploadRows;
    const shaped = new Set(rows.map((r) => r.row));
    const problems = [...staged.problems.filter((p) => !shaped.has(p.row)), ...(await this.registrar.problemsOf(rows, providerContext(principal, iysCode, brandCode)))];
    problems.sort((a, b) => a.row - b.row);
    const metadata = uploadMetadata(principal);
    await handleCommand(this.store, consentUploadDecider, stream, { type: 'SubmitConsentUpload', iysCode, brandCode, problems, submittedBy: principal.userId, submittedAt: this.clock.now().toISOString() }, { metadata });

    const refused = new Set(problems.map((p) => p.row));
    const accepted = rows.filter((r) => !refused.has(r.row));
    let batches = 0;
    for (let start = 0; start < accepted.length; start += MAX_BATCH_SIZE) {
      const chunk = accepted.slice(start, start + MAX_BATCH_SIZE);
      const { requestId } = await this.commands.execute(new SubmitConsentBatchCommand(iysCode, brandCode, chunk.map((r) => r.submission), principal));
      await handleCommand(this.store, consentUploadDecider, stream, { type: 'RecordUploadBatch', requestId, rows: chunk.map((r) => r.row) }, { metadata });
      batches++;
    }
    await this.vault.shred(uploadId);
    return { uploadId, batches };
  }
}
