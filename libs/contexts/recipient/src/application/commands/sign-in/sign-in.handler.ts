import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecipientAccounts } from '../../identity/recipient-accounts.js';
import { RecipientSessions, type RecipientTokenResponse } from '../../identity/recipient-sessions.js';
import { SignInCodes } from '../../identity/sign-in-codes.js';
import { SignInCommand } from './sign-in.command.js';

@CommandHandler(SignInCommand)
export class SignInHandler implements ICommandHandler<SignInCommand, RecipientTokenResponse> {
  constructor(
    @Inject(SignInCodes) private readonly codes: SignInCodes,
    @Inject(RecipientAccounts) private readonly accounts: RecipientAccounts,
    @Inject(RecipientSessions) private readonly sessions: RecipientSessions,
  ) {}

  async execute({ challengeId, code, agentId }: SignInCommand): Promise<RecipientTokenResponse> {
    const proven = await this.codes.redeem(challengeId, code, agentId ? 'call-centre' : 'sign-in');
    const accountId = await this.accounts.verify(proven, agentId ? 'call-centre' : 'web');
    return this.sessions.open(accountId, agentId);
  }
}
