import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SignInCodes, type IssuedChallenge } from '../../identity/sign-in-codes.js';
import { RequestCodeCommand } from './request-code.command.js';

@CommandHandler(RequestCodeCommand)
export class RequestCodeHandler implements ICommandHandler<RequestCodeCommand, IssuedChallenge> {
  constructor(@Inject(SignInCodes) private readonly codes: SignInCodes) {}

  execute({ address, purpose, client }: RequestCodeCommand): Promise<IssuedChallenge> {
    return this.codes.issue(address, purpose, client);
  }
}
