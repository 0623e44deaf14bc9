import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConsentContracts, RecipientContracts } from '@iys/contracts';
import { istanbulDayBounds, istanbulDay, parseIysDateTimeDetailed, type IdGenerator } from '@iys/platform/building-blocks';
import { ID_GENERATOR } from '@iys/platform/nest';
import { normaliseAddress, PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { complaintError } from '../../../domain/complaint.errors.js';
import type { ComplaintFiled } from '../../../domain/complaint.events.js';
import { isNationalId, senderIdOf } from '../../../domain/complaint-inputs.js';
import { ComplaintAccess } from '../../complaint-access.js';
import { COMPLAINT_CHECKS, type ComplaintChecks } from '../../complaint-checks.port.js';
import { COMPLAINT_SELECTIONS, type ComplaintSelections } from '../../complaint-selections.port.js';
import { ConsentEvidenceTaker } from '../../consent-evidence.js';
import { SenderDirectory } from '../../sender-directory.js';
import { FileComplaintCommand } from './file-complaint.command.js';

/** Complaints one account may file per Istanbul day (abuse limit, H772). */
export const MAX_COMPLAINTS_PER_DAY = 10;

export interface FiledComplaint {
  complaintId: string;
  status: string;
  province: number;
  resolved: boolean;
  assessment: string | null;
}

/**
 * Files a complaint about a message to one of the caller's proven addresses. The sender is resolved
 * to a provider and brand from the identities brands registered; when it resolves, the consent as of
 * the message time (with proofs) and the automatic assessment are recorded in the same append.
 * Personal fields are sealed under the address's data key before they reach the event store.
 */
@CommandHandler(FileComplaintCommand)
export class FileComplaintHandler implements ICommandHandler<FileComplaintCommand, FiledComplaint> {
  constructor(
    @Inject(RecipientContracts.RECIPIENT_ADDRESSES) private readonly addresses: RecipientContracts.RecipientAddressesPort,
    @Inject(ConsentContracts.RECIPIENT_CONSENTS) private readonly consents: ConsentContracts.RecipientConsentsPort,
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(ConsentEvidenceTaker) private readonly evidence: ConsentEvidenceTaker,
    @Inject(SenderDirectory) private readonly senders: SenderDirectory,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(COMPLAINT_SELECTIONS) private readonly selections: ComplaintSelections,
    @Inject(COMPLAINT_CHECKS) private readonly checks: ComplaintChecks,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ principal, form, filedVia }: FileComplaintCommand): Promise<FiledComplaint> {
    const address = await this.ownAddress(principal.accountId, form.recipient, form.channel);
    const senderId = senderIdOf(form.channel, form.sender);
    if (!senderId) throw complaintError('H766', ['sender']);
    const parsed = parseIysDateTimeDetailed(form.messageDate);
    if (!parsed.ok) throw complaintError('H765', ['messageDate']);
    const messageAt = parsed.instant.toISOString();
    if (form.nationalId !== undefined && !isNationalId(form.nationalId)) throw complaintError('H785', ['nationalId']);
    if (form.channel !== 'EPOSTA' && !form.gsmOperator) throw complaintError('H768', ['gsmOperator']);
    if (form.brandCode !== undefined) {
      const held = await this.consents.consentsOf([address.recipientId]);
      if (!held.some((consent) => consent.brandCode === form.brandCode)) throw complaintError('H771', ['brandCode']);
    }
    await this.checkLimits(principal.accountId, address.recipientId, senderId, messageAt);

    const complaintId = this.ids.next().toLowerCase();
    const checkedFirst = form.checkId !== undefined && (await this.claimCheck(form.checkId, principal.accountId, complaintId));
    // Sealed under the complaint's own data subject (ADR 0050): retention shreds this complaint alone;
    // the complainant's erasure shreds it with everything else of theirs (complaints projection).
    await this.vault.createSubject(complaintId);
    const seal = async (value: string | undefined): Promise<EncryptedValue | null> =>
      value === undefined || value === '' ? null : ((await this.vault.encrypt(complaintId, value)) as EncryptedValue);
    const complaint: ComplaintFiled['data'] = {
      complaintId,
      accountId: principal.accountId,
      recipientId: address.recipientId,
      address: (await seal(address.recipient))!,
      addressKind: address.addressKind,
      channel: form.channel,
      recipientType: form.recipientType,
      senderId,
      senderAsSeen: (await seal(form.sender))!,
      rawHeaders: await seal(form.rawHeaders),
      brandCode: form.brandCode ?? null,
      brandText: await seal(form.brandText),
      messageAt,
      content: (await seal(form.content))!,
      gsmOperator: form.gsmOperator ?? null,
      province: form.province,
      residence: await seal(form.residence),
      nationalId: await seal(form.nationalId),
      mersis: await seal(form.mersis),
      subjects: [...new Set(form.subjects)],
      declaredTransactional: form.declaredTransactional ?? false,
      filedVia,
      checkedFirst,
      agentId: principal.agentId ?? null,
      filedAt: this.access.now(),
    };
    const brand = await this.senders.resolve(form.channel, senderId, form.brandCode);
    const resolution = brand
      ? {
          ...brand,
          ...(await this.evidence.take({
            recipient: address.recipient,
            brandCode: brand.brandCode,
            channel: form.channel,
            recipientType: form.recipientType,
            messageAt,
            declaredTransactional: complaint.declaredTransactional,
            senderId,
          })),
        }
      : undefined;
    const metadata = principal.agentId
      ? { actorKind: 'call-centre-agent' as const, actorId: principal.agentId, channel: filedVia }
      : { actorKind: 'recipient' as const, actorId: principal.accountId, channel: filedVia };
    try {
      await this.access.write(complaintId, { type: 'FileComplaint', complaint, resolution, now: this.access.now() }, metadata);
    } catch (error) {
      // The read model's unique index: the same complaint filed concurrently.
      if ((error as { code?: string }).code === '23505') throw complaintError('H773', ['messageDate']);
      throw error;
    }
    return { complaintId, status: 'RECEIVED', province: form.province, resolved: !!resolution, assessment: resolution?.assessment.hint ?? null };
  }

  private async ownAddress(accountId: string, recipient: string, channel: string): Promise<RecipientContracts.ProvenAddress> {
    let normalised: string;
    try {
      normalised = normaliseAddress(recipient).value;
    } catch {
      throw complaintError('H762', ['recipient']);
    }
    const address = (await this.addresses.addressesOf(accountId)).find((a) => a.recipient === normalised);
    if (!address || (channel === 'EPOSTA') !== (address.addressKind === 'email')) throw complaintError('H762', ['recipient']);
    return address;
  }

  private async checkLimits(accountId: string, recipientId: string, senderId: string, messageAt: string): Promise<void> {
    const today = istanbulDayBounds(istanbulDay(new Date(this.access.now())));
    const load = await this.selections.filingLoad(accountId, today, { recipientId, senderId, messageAt });
    if (load.duplicate) throw complaintError('H773', ['messageDate']);
    if (load.today >= MAX_COMPLAINTS_PER_DAY) throw complaintError('H772');
  }

  /** Marks the account's check as followed by this complaint; false when it is not the account's or was used. */
  private async claimCheck(checkId: string, accountId: string, complaintId: string): Promise<boolean> {
    return this.checks.claim(checkId, accountId, complaintId);
  }
}
