import { Command } from '@nestjs/cqrs';
import type { RecipientTokenResponse } from '../../identity/recipient-sessions.js';

/**
 * Redeem a sign-in code: the address is proven, its account (opened on first sign-in) gets a
 * session. With `agentId`, a call-centre agent opens a session for the caller who read the code back.
 */
export class SignInCommand extends Command<RecipientTokenResponse> {
  constructor(
    readonly challengeId: string,
    readonly code: string,
    readonly agentId?: string,
  ) {
    super();
  }
}
