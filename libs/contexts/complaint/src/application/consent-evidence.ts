import { Inject, Injectable } from '@nestjs/common';
import { ConsentContracts, ReconciliationContracts } from '@iys/contracts';
import { formatIysDateTime, parseIysDateTime } from '@iys/platform/building-blocks';
import { assessComplaint, exemptAt } from '../domain/consent-assessment.js';
import type { Assessment, ComplaintChannel, ComplaintRecipientType, ConsentEvidence } from '../domain/complaint.events.js';

export interface EvidenceRequest {
  /** The complainant's address in clear (never logged). */
  recipient: string;
  brandCode: number;
  channel: ComplaintChannel;
  recipientType: ComplaintRecipientType;
  /** ISO instant. */
  messageAt: string;
  declaredTransactional: boolean;
  /** The sender as normalised at filing (complaint.ComplaintFiled's senderId): its exemptions count. */
  senderId: string;
}

/**
 * The consent as the registry knew it when the message arrived, with the events, chain check and
 * inclusion proofs behind it (the reconciliation audit's as-of answer, through its published port),
 * and the automatic assessment made on it. Stored with the complaint as it was answered, so the
 * evidence does not move when the consent does.
 */
@Injectable()
export class ConsentEvidenceTaker {
  constructor(
    @Inject(ReconciliationContracts.CONSENT_AS_OF) private readonly asOf: ReconciliationContracts.ConsentAsOfPort,
    @Inject(ConsentContracts.SENDER_EXEMPTIONS) private readonly exemptions: ConsentContracts.SenderExemptionsPort,
  ) {}

  /** The audit's as-of answer for the complaint, as it is stored (plain JSON). */
  async answer(request: Omit<EvidenceRequest, 'declaredTransactional' | 'senderId'>): Promise<ConsentEvidence> {
    const answer = await this.asOf.asOf({
      recipient: request.recipient,
      brandCode: request.brandCode,
      type: request.channel,
      recipientType: request.recipientType,
      at: formatIysDateTime(new Date(request.messageAt)),
    });
    return JSON.parse(JSON.stringify(answer)) as ConsentEvidence;
  }

  async take(request: EvidenceRequest): Promise<{ evidence: ConsentEvidence; assessment: Assessment }> {
    const evidence = await this.answer(request);
    const answer = evidence as unknown as ReconciliationContracts.ConsentAsOfAnswer;
    const since = answer.lastEvent ? parseIysDateTime(answer.lastEvent.consentDate)?.toISOString() : undefined;
    const assessment = assessComplaint({
      recipientType: request.recipientType,
      messageAt: request.messageAt,
      consent: { state: answer.state, since },
      // The operator gate's list (published by the consent context): exempt at the message time.
      senderExempt: exemptAt(await this.exemptions.exemptionsOf(request.channel, request.senderId), request.messageAt),
      declaredTransactional: request.declaredTransactional,
    });
    return { evidence, assessment };
  }
}
