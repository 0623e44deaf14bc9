import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { MASKED, PiiVault } from '@iys/platform/pii';
import { COMPLAINT_ERRORS, complaintError } from '../../../domain/complaint.errors.js';
import type { ComplaintFiled, ConsentEvidenceRecorded } from '../../../domain/complaint.events.js';
import { recheckEvidence } from '../../../domain/evidence-recheck.js';
import { ComplaintAccess } from '../../complaint-access.js';
import { ConsentEvidenceTaker } from '../../consent-evidence.js';
import { CheckEvidenceQuery, type EvidenceCheck } from './check-evidence.query.js';

/**
 * Recomputes the stored evidence's inclusion proofs and asks the reconciliation audit again for the
 * consent as of the message time, then compares (domain/evidence-recheck.ts). Changes nothing: the
 * stored evidence stays as it was recorded, whatever the answer.
 */
@QueryHandler(CheckEvidenceQuery)
export class CheckEvidenceHandler implements IQueryHandler<CheckEvidenceQuery, EvidenceCheck> {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(ConsentEvidenceTaker) private readonly evidence: ConsentEvidenceTaker,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async execute({ principal, complaintId }: CheckEvidenceQuery): Promise<EvidenceCheck> {
    const row = await this.access.forAuthority(principal, complaintId);
    const events = await this.access.events(row.complaint_id);
    const recorded = events.filter((e): e is ConsentEvidenceRecorded => e.type === 'complaint.ConsentEvidenceRecorded').at(-1);
    if (!recorded) throw complaintError('H795', ['complaintId']);
    const filed = events.find((e): e is ComplaintFiled => e.type === 'complaint.ComplaintFiled')!.data;
    const recipient = await this.vault.decrypt(filed.address as never);
    const fresh =
      recipient === MASKED
        ? undefined
        : await this.evidence.answer({ recipient, brandCode: recorded.data.brandCode, channel: filed.channel, recipientType: filed.recipientType, messageAt: filed.messageAt });
    const check = recheckEvidence(recorded.data.evidence, fresh);
    return {
      complaintId: row.complaint_id,
      checkedAt: formatIysDateTime(new Date(this.access.now())),
      recordedAt: formatIysDateTime(new Date(recorded.data.at)),
      state: recorded.data.evidence.state,
      recordChecked: fresh !== undefined,
      ...check,
      mismatches: check.mismatches.map(({ code, location }) => ({ code, message: COMPLAINT_ERRORS[code].message, location })),
    };
  }
}
