import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RecipientSessions } from '../../identity/recipient-sessions.js';
import { SignOutCommand } from './sign-out.command.js';

@CommandHandler(SignOutCommand)
export class SignOutHandler implements ICommandHandler<SignOutCommand, void> {
  constructor(@Inject(RecipientSessions) private readonly sessions: RecipientSessions) {}

  execute({ sessionId }: SignOutCommand): Promise<void> {
    return this.sessions.close(sessionId);
  }
}
