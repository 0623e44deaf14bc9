import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecipientAccounts } from '../../identity/recipient-accounts.js';
import { SignInCodes } from '../../identity/sign-in-codes.js';
import { AddAddressCommand } from './add-address.command.js';

@CommandHandler(AddAddressCommand)
export class AddAddressHandler implements ICommandHandler<AddAddressCommand, { addressKind: string }> {
  constructor(
    @Inject(SignInCodes) private readonly codes: SignInCodes,
    @Inject(RecipientAccounts) private readonly accounts: RecipientAccounts,
  ) {}

  async execute({ principal, challengeId, code }: AddAddressCommand): Promise<{ addressKind: string }> {
    const proven = await this.codes.redeem(challengeId, code, 'add-address');
    await this.accounts.verify(proven, principal.agentId ? 'call-centre' : 'web', principal.accountId);
    return { addressKind: proven.addressKind };
  }
}
