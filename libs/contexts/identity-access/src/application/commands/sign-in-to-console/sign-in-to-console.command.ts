import { Command } from '@nestjs/cqrs';
import type { Role } from '@iys/platform/building-blocks';
import type { ConsoleSignIn } from './sign-in-to-console.handler.js';

/** A console's sign-in form (authority, administration): user name, password, and the roles that console serves. */
export class SignInToConsoleCommand extends Command<ConsoleSignIn> {
  constructor(
    readonly username: unknown,
    readonly password: unknown,
    readonly roles: readonly Role[],
    readonly clientAddress: string,
  ) {
    super();
  }
}
