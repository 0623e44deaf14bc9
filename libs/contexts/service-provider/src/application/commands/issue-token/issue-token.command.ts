import { Command } from '@nestjs/cqrs';
import type { TokenResponse } from './issue-token.handler.js';

/** The body of İYS's `POST /oauth2/token` (iys-api.md §2.1–2.2), as received. */
export class IssueTokenCommand extends Command<TokenResponse> {
  constructor(readonly body: Record<string, unknown>) {
    super();
  }
}
