import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock, IdGenerator } from '@iys/platform/building-blocks';
import { handleCommand, PostgresEventStore } from '@iys/platform/event-store';
import { CLOCK, ID_GENERATOR } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { consentUploadDecider, MAX_UPLOAD_ROWS, uploadError, type UploadRowProblem } from '../../../domain/consent-upload.decider.js';
import { providerContext } from '../../consent-actor.js';
import { ConsentRegistrar } from '../../consent-registrar.js';
import { consentUploadStream, uploadMetadata, type SealedUploadRows } from '../../consent-upload-streams.js';
import { StageConsentUploadCommand } from './stage-consent-upload.command.js';

export interface StagedUpload {
  uploadId: string;
  rowCount: number;
  /** Every row C3 would refuse, with İYS's code and Turkish message, in row order. */
  problems: UploadRowProblem[];
}

/**
 * The upload preview: each row judged exactly as C3 would judge it now (the same shape check, the
 * registrar's preparation and the consent decider on the current state), nothing written but the
 * staged upload, its rows sealed under the upload's own vault subject.
 */
@CommandHandler(StageConsentUploadCommand)
export class StageConsentUploadHandler implements ICommandHandler<StageConsentUploadCommand, StagedUpload> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(ConsentRegistrar) private readonly registrar: ConsentRegistrar,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ iysCode, brandCode, rows, principal }: StageConsentUploadCommand): Promise<StagedUpload> {
    if (rows.length < 1 || rows.length > MAX_UPLOAD_ROWS) throw uploadError('H823');
    const shaped: SealedUploadRows = rows.flatMap((r) => ('submission' in r ? [r] : []));
    const problems = await this.registrar.problemsOf(shaped, providerContext(principal, iysCode, brandCode));
    for (const r of rows) if ('errors' in r) for (const e of r.errors) problems.push({ row: r.row, code: e.code, message: e.message });
    problems.sort((a, b) => a.row - b.row);

    const uploadId = this.ids.next();
    await this.vault.createSubject(uploadId);
    const sealed = await this.vault.encrypt(uploadId, JSON.stringify(shaped));
    await handleCommand(
      this.store,
      consentUploadDecider,
      consentUploadStream(uploadId),
      { type: 'StageConsentUpload', uploadId, iysCode, brandCode, rowCount: rows.length, rows: sealed, problems, stagedBy: principal.userId, stagedAt: this.clock.now().toISOString() },
      { metadata: uploadMetadata(principal) },
    );
    return { uploadId, rowCount: rows.length, problems };
  }
}
