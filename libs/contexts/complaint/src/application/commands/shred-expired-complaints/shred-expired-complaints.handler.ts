import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PiiVault } from '@iys/platform/pii';
import { COMPLAINT_RETENTION_DAYS } from '../../../domain/complaint.decider.js';
import { ComplaintAccess } from '../../complaint-access.js';
import { COMPLAINT_SELECTIONS, type ComplaintSelections } from '../../complaint-selections.port.js';
import { ShredExpiredComplaintsCommand } from './shred-expired-complaints.command.js';

/** Complaints taken per run; the next night takes the rest. */
export const SHRED_BATCH = 500;
const DAY_MS = 86_400_000;

/**
 * After the retention period of a finished complaint (decided, closed or withdrawn; counted from its
 * last change), its own data key is destroyed — every sealed field of it, in every event, reads `***`
 * from then on — and `complaint.PersonalDataShredded` is recorded; the projection drops its files.
 * Key first, event second (as the recipient's erasure does): a crash between them is repaired by the
 * next run. The anonymised record (ids, province, channel, provider, brand, assessment, evidence
 * hashes and proofs, status, outcome, fine, dates) stays for statistics (ADR 0050).
 */
@CommandHandler(ShredExpiredComplaintsCommand)
export class ShredExpiredComplaintsHandler implements ICommandHandler<ShredExpiredComplaintsCommand, { shredded: number }> {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(COMPLAINT_SELECTIONS) private readonly selections: ComplaintSelections,
  ) {}

  async execute(): Promise<{ shredded: number }> {
    const now = this.access.now();
    const cutoff = new Date(Date.parse(now) - COMPLAINT_RETENTION_DAYS * DAY_MS);
    const expired = await this.selections.expiredFinished(cutoff, SHRED_BATCH);
    for (const complaint_id of expired) {
      await this.vault.createSubject(complaint_id);
      await this.vault.shred(complaint_id);
      await this.access.write(complaint_id, { type: 'ShredPersonalData', now }, { actorKind: 'system', channel: 'scheduler' });
    }
    return { shredded: expired.length };
  }
}
