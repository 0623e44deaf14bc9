import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@iys/platform/building-blocks';
import { providerContext } from '../../consent-actor.js';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { RetailerAccessKeeper } from '../../retailer-access.js';
import { GrantRetailerAccessCommand } from './grant-retailer-access.command.js';
import { CURRENT_CONSENT_READS, type CurrentConsentReads } from '../../current-consent-reads.port.js';

/**
 * RA1, synchronous and all-or-nothing: the retailers must all be this brand's active retailers and
 * the consent must exist (H401). Granting what is already granted changes nothing; the answer then
 * names the consent's current transaction.
 */
@CommandHandler(GrantRetailerAccessCommand)
export class GrantRetailerAccessHandler implements ICommandHandler<GrantRetailerAccessCommand, { transactionId: string }> {
  constructor(
    @Inject(RetailerAccessKeeper) private readonly access: RetailerAccessKeeper,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
    @Inject(CURRENT_CONSENT_READS) private readonly reads: CurrentConsentReads,
  ) {}

  async execute(command: GrantRetailerAccessCommand): Promise<{ transactionId: string }> {
    const { iysCode, brandCode, recipientType, type } = command;
    await this.brands.activationDateOf(iysCode, brandCode);
    await this.access.checkRetailers(iysCode, brandCode, command.retailerAccess, { grant: true });
    const [recipientId] = await this.access.resolve([command.recipient], type);
    if (recipientId instanceof DomainError) throw new DomainError(recipientId.code, recipientId.message, ['recipient']);
    const change = { recipientId, recipientType, type, mode: 'add' as const, retailerCodes: command.retailerAccess };
    const [outcome] = await this.access.apply([change], providerContext(command.principal, iysCode, brandCode), { atomic: true });
    if (!outcome.ok) throw outcome.error;
    if (outcome.transactionId) return { transactionId: outcome.transactionId };
    return { transactionId: (await this.reads.transactionIdOf({ brandCode, type, recipientType }, recipientId))! };
  }
}
