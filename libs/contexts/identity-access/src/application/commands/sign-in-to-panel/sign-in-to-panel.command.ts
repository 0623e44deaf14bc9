import { Command } from '@nestjs/cqrs';
import type { PanelSignIn } from './sign-in-to-panel.handler.js';

/** The panel's sign-in form: user name, password and, when the user has one, the authenticator's code. */
export class SignInToPanelCommand extends Command<PanelSignIn> {
  constructor(
    readonly username: unknown,
    readonly password: unknown,
    readonly code: string | undefined,
    readonly clientAddress: string,
  ) {
    super();
  }
}
