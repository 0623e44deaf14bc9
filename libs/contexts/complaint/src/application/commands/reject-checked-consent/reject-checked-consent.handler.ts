import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConsentContracts, RecipientContracts } from '@iys/contracts';
import { DomainError, formatIysDateTime } from '@iys/platform/building-blocks';
import { complaintError } from '../../../domain/complaint.errors.js';
import { COMPLAINT_CHECKS, type ComplaintChecks } from '../../complaint-checks.port.js';
import { RejectCheckedConsentCommand } from './reject-checked-consent.command.js';

const CONSENT_ID = /^([0-9a-f-]{36})\.(\d{1,10})\.(ARAMA|MESAJ|EPOSTA)\.(BIREYSEL|TACIR)$/;

/**
 * RET through the consent context's port, exactly as the recipient's own screens decide (source
 * IYS_WEB, or IYS_CM when an agent acts), for a consent of the caller's addresses; counted on the check.
 */
@CommandHandler(RejectCheckedConsentCommand)
export class RejectCheckedConsentHandler implements ICommandHandler<RejectCheckedConsentCommand, { consentId: string; status: 'RET'; transactionId: string; creationDate: string }> {
  constructor(
    @Inject(RecipientContracts.RECIPIENT_ADDRESSES) private readonly addresses: RecipientContracts.RecipientAddressesPort,
    @Inject(ConsentContracts.RECIPIENT_CONSENTS) private readonly consents: ConsentContracts.RecipientConsentsPort,
    @Inject(COMPLAINT_CHECKS) private readonly checks: ComplaintChecks,
  ) {}

  async execute({ principal, checkId, consentId }: RejectCheckedConsentCommand) {
    const isMine = await this.checks.isOf(checkId.toLowerCase(), principal.accountId);
    const match = CONSENT_ID.exec(consentId);
    const mine = (await this.addresses.addressesOf(principal.accountId)).map((a) => a.recipientId);
    if (!isMine || !match || !mine.includes(match[1])) throw complaintError('H774', ['consentId']);
    const actor = principal.agentId
      ? { kind: 'call-centre-agent' as const, id: principal.agentId, channel: 'call-centre' }
      : { kind: 'recipient' as const, id: principal.accountId, channel: 'web' };
    const [outcome] = await this.consents.decide([
      {
        recipientId: match[1],
        brandCode: Number(match[2]),
        type: match[3] as 'MESAJ',
        recipientType: match[4] as 'BIREYSEL',
        status: 'RET',
        source: principal.agentId ? 'IYS_CM' : 'IYS_WEB',
        actor,
        commandId: `complaint-check:${checkId.toLowerCase()}:${consentId}`,
      },
    ]);
    if (!outcome.ok) throw new DomainError(outcome.code, outcome.message, ['consentId']);
    await this.checks.countRejection(checkId.toLowerCase());
    return { consentId, status: 'RET' as const, transactionId: outcome.transactionId, creationDate: formatIysDateTime(new Date(outcome.creationDate)) };
  }
}
