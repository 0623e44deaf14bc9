import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accessError } from '../../../domain/api-access.deciders.js';
import { PasswordLogin } from '../../password-login.js';
import { ACCESS_TOKEN_SECONDS, TOKEN_ISSUER, type TokenIssuer } from '../../token-issuer.port.js';
import { SignInToConsoleCommand } from './sign-in-to-console.command.js';

export interface ConsoleSignIn {
  accessToken: string;
  expiresIn: number;
}

/**
 * A console's sign-in: the password as İYS's token endpoint checks it (one throttle, one audit), then
 * the user's role against the console's. A user of another role (a provider at the authority's
 * console, an inspector at the administration's) is refused here, with H850, and no session is
 * opened: every page behind the form would refuse it anyway (docs/adr/0056, 0061).
 */
@CommandHandler(SignInToConsoleCommand)
export class SignInToConsoleHandler implements ICommandHandler<SignInToConsoleCommand, ConsoleSignIn> {
  constructor(
    @Inject(PasswordLogin) private readonly login: PasswordLogin,
    @Inject(TOKEN_ISSUER) private readonly tokens: TokenIssuer,
  ) {}

  async execute({ username, password, roles, clientAddress }: SignInToConsoleCommand): Promise<ConsoleSignIn> {
    await this.login.takeRequest(clientAddress);
    const user = await this.login.verify(username, password, clientAddress);
    if (!roles.includes(user.role)) throw accessError('H850', ['username']);
    await this.login.succeeded(username as string, clientAddress);
    const { sessionId } = await this.login.startSession(user, 'web');
    return { accessToken: await this.tokens.issue({ userId: user.userId, sessionId }), expiresIn: ACCESS_TOKEN_SECONDS };
  }
}
