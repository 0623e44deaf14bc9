import { Command } from '@nestjs/cqrs';
import type { IssuedChallenge } from '../../identity/sign-in-codes.js';
import type { CodePurpose } from '../../identity/sign-in-codes.js';

/** Send a one-time code to an address, to sign in, add it to an account, or let a call-centre agent act. */
export class RequestCodeCommand extends Command<IssuedChallenge> {
  constructor(
    readonly address: string,
    readonly purpose: CodePurpose,
    /** Whom the per-client limit counts: the caller's IP, or the agent. Never stored in clear. */
    readonly client: string,
  ) {
    super();
  }
}
