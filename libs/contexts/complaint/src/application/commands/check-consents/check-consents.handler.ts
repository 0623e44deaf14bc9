import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConsentContracts, RecipientContracts } from '@iys/contracts';
import { formatIysDateTime, type Clock, type IdGenerator } from '@iys/platform/building-blocks';
import { CLOCK, ID_GENERATOR } from '@iys/platform/nest';
import { COMPLAINT_CHECKS, type ComplaintChecks } from '../../complaint-checks.port.js';
import { SenderDirectory } from '../../sender-directory.js';
import { CheckConsentsCommand } from './check-consents.command.js';

export interface CheckedConsent {
  /** `<recipientId>.<brandCode>.<type>.<recipientType>`, as the recipient's own screens name it. */
  consentId: string;
  recipient: string;
  iysCode: number;
  brandCode: number;
  brandName: string | null;
  type: string;
  recipientType: string;
  status: string;
  source: string;
  consentDate: string;
  creationDate: string;
}

/**
 * "Kontrol Et": shows what the registry holds for the caller's addresses on the channel before a
 * complaint — many end here with a one-click rejection. Each check is recorded (without personal
 * data), so a complaint can say it came after one and statistics can count the checks that ended
 * without one.
 */
@CommandHandler(CheckConsentsCommand)
export class CheckConsentsHandler implements ICommandHandler<CheckConsentsCommand, { checkId: string; consents: CheckedConsent[] }> {
  constructor(
    @Inject(RecipientContracts.RECIPIENT_ADDRESSES) private readonly addresses: RecipientContracts.RecipientAddressesPort,
    @Inject(ConsentContracts.RECIPIENT_CONSENTS) private readonly consents: ConsentContracts.RecipientConsentsPort,
    @Inject(COMPLAINT_CHECKS) private readonly checks: ComplaintChecks,
    @Inject(SenderDirectory) private readonly senders: SenderDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute({ principal, channel }: CheckConsentsCommand) {
    const addresses = (await this.addresses.addressesOf(principal.accountId)).filter((a) => (channel === 'EPOSTA') === (a.addressKind === 'email'));
    const held = (await this.consents.consentsOf(addresses.map((a) => a.recipientId))).filter((c) => c.type === channel);
    const names = await this.senders.brandNames(held.map((c) => c.brandCode));
    const checkId = this.ids.next().toLowerCase();
    await this.checks.record(checkId, principal.accountId, this.clock.now());
    const consents: CheckedConsent[] = held.map((c) => ({
      consentId: `${c.recipientId}.${c.brandCode}.${c.type}.${c.recipientType}`,
      recipient: addresses.find((a) => a.recipientId === c.recipientId)!.recipient,
      iysCode: c.iysCode,
      brandCode: c.brandCode,
      brandName: names.get(c.brandCode) ?? null,
      type: c.type,
      recipientType: c.recipientType,
      status: c.status,
      source: c.source,
      consentDate: formatIysDateTime(new Date(c.consentDate)),
      creationDate: formatIysDateTime(new Date(c.creationDate)),
    }));
    return { checkId, consents };
  }
}
